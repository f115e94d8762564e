import { Column, Entity, Generated, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "tickets" })
export class Ticket {
  @PrimaryGeneratedColumn("identity", { generatedIdentity: "ALWAYS" })
  id: number;

  @Column({ type: "uuid" })
  @Generated("uuid")
  publicId: string;

  @Column({ type: "int" })
  @Generated("increment")
  sequenceNo: number;

  @Column({ type: "bigint", generated: "identity", generatedIdentity: "BY DEFAULT" })
  externalNo: string;
}

@Entity({ name: "licences" })
export class Licence {
  @PrimaryColumn({ type: "uuid" })
  @Generated("uuid")
  key: string;

  @PrimaryGeneratedColumn("increment", { type: "bigint" })
  serial: string;
}
