import { Check, Column, Entity, Index, JoinTable, ManyToMany, PrimaryGeneratedColumn } from "typeorm";
import type { Category } from "./category";

@Entity("products")
@Check("CHK_products_price_not_negative", `"price" >= 0`)
export class Product {
  @PrimaryGeneratedColumn()
  id: number;

  @Index("IDX_products_sku", { unique: true })
  @Column({ length: 40 })
  sku: string;

  @Column()
  name: string;

  @Column({ type: "numeric", precision: 12, scale: 2 })
  price: string;

  @Column({ type: "text", array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: "jsonb", nullable: true })
  attributes: Record<string, unknown> | null;

  @Column({ default: true })
  active: boolean;

  @Index("IDX_products_low_stock", { where: `"stock" < 10` })
  @Column({ type: "int", default: 0 })
  stock: number;

  @ManyToMany("Category", (category: Category) => category.products)
  @JoinTable({ name: "product_categories" })
  categories: Category[];
}
