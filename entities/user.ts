import { Check, Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import type { Order } from "./order";

export enum UserRole {
  Customer = "customer",
  Staff = "staff",
  Admin = "admin",
}

@Entity("users")
@Check("CHK_users_email_has_at", `"email" LIKE '%@%'`)
export class User {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ length: 320, unique: true })
  email: string;

  @Column({ name: "display_name", length: 100 })
  displayName: string;

  @Column({ type: "enum", enum: UserRole, default: UserRole.Customer })
  role: UserRole;

  @Column({ type: "jsonb", default: {} })
  preferences: Record<string, unknown>;

  @Index("IDX_users_active_last_login", { where: `"deleted_at" IS NULL` })
  @Column({ name: "last_login_at", type: "timestamptz", nullable: true })
  lastLoginAt: Date | null;

  @Column({ name: "deleted_at", type: "timestamptz", nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;

  @OneToMany("Order", (order: Order) => order.customer)
  orders: Order[];
}
