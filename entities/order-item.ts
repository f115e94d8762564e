import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import type { Order } from "./order";
import type { Product } from "./product";

@Entity("order_items")
@Check("CHK_order_items_quantity_positive", `"quantity" > 0`)
export class OrderItem {
  @PrimaryColumn({ name: "order_id", type: "bigint" })
  orderId: string;

  @PrimaryColumn({ name: "line_number", type: "smallint" })
  lineNumber: number;

  @ManyToOne("Order", (order: Order) => order.items, { onDelete: "CASCADE" })
  @JoinColumn({ name: "order_id" })
  order: Order;

  @ManyToOne("Product", { nullable: false, onDelete: "RESTRICT", onUpdate: "CASCADE" })
  @JoinColumn({ name: "product_id" })
  product: Product;

  @Column()
  quantity: number;

  @Column({ name: "unit_price", type: "numeric", precision: 12, scale: 2 })
  unitPrice: string;
}
