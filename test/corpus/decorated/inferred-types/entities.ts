import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";

/** No explicit types: TypeORM reads them from `design:type` metadata, which the loader must emit. */
@Entity({ name: "inferred" })
export class Inferred {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  name: string;

  @Column()
  count: number;

  @Column()
  active: boolean;

  @Column()
  seenAt: Date;

  @Column({ length: 32 })
  short: string;

  @Column({ nullable: true })
  maybe: string;

  @Column("simple-array")
  tags: string[];

  @Column("simple-json")
  data: { a: number };
}

@Entity({ name: "inferred_keys" })
export class InferredKey {
  @PrimaryColumn()
  code: string;

  @PrimaryColumn()
  version: number;
}
