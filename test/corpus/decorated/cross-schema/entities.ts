import { Column, Entity, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, type Relation } from "typeorm";

export enum InvoiceState {
  Draft = "draft",
  Sent = "sent",
  Paid = "paid",
}

@Entity({ name: "customers", schema: "crm" })
export class Customer {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  name: string;
}

@Entity({ name: "invoices", schema: "billing" })
export class Invoice {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "enum", enum: InvoiceState, default: InvoiceState.Draft })
  state: InvoiceState;

  @ManyToOne(() => Customer, { onDelete: "CASCADE" })
  customer: Relation<Customer>;

  @ManyToMany(() => Tag)
  @JoinTable({ name: "invoice_tags" })
  tags: Relation<Tag[]>;
}

/** In the DataSource's default schema. */
@Entity({ name: "tags" })
export class Tag {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "enum", enum: InvoiceState, enumName: "invoice_state", nullable: true })
  appliesTo: InvoiceState | null;
}
