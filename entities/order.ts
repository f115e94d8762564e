import { Column, CreateDateColumn, Entity, Index, ManyToOne, OneToMany, PrimaryGeneratedColumn, JoinColumn } from "typeorm";
import type { User } from "./user";
import type { OrderItem } from "./order-item";

export enum OrderStatus {
  Pending = "pending",
  Paid = "paid",
  Shipped = "shipped",
  Cancelled = "cancelled",
}

@Entity("orders")
export class Order {
  @PrimaryGeneratedColumn("identity", { type: "bigint", generatedIdentity: "ALWAYS" })
  id: string;

  @ManyToOne("User", (user: User) => user.orders, { nullable: false, onDelete: "RESTRICT" })
  @JoinColumn({ name: "customer_id" })
  customer: User;

  @Index("IDX_orders_status")
  @Column({ type: "enum", enum: OrderStatus, enumName: "order_status", default: OrderStatus.Pending })
  status: OrderStatus;

  @Column({ type: "numeric", precision: 12, scale: 2, default: 0 })
  total: string;

  @Column({ type: "char", length: 3, default: "EUR" })
  currency: string;

  @Column({ name: "placed_at", type: "timestamptz", nullable: true })
  placedAt: Date | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @OneToMany("OrderItem", (item: OrderItem) => item.order)
  items: OrderItem[];
}
