import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from "typeorm";

/** Not an entity: its columns are inherited by every entity that extends it. */
export abstract class Timestamped {
  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt: Date;

  @DeleteDateColumn({ type: "timestamptz" })
  deletedAt: Date | null;

  @VersionColumn()
  version: number;
}

export abstract class Keyed extends Timestamped {
  @PrimaryGeneratedColumn("uuid")
  id: string;
}

@Entity({ name: "invoices" })
export class Invoice extends Keyed {
  @Column({ type: "numeric", precision: 12, scale: 2 })
  total: string;
}

@Entity({ name: "receipts" })
export class Receipt extends Keyed {
  @Column({ type: "varchar", length: 40 })
  number: string;

  @CreateDateColumn({ type: "timestamp", precision: 3 })
  printedAt: Date;
}
