import { Column, Entity, ManyToMany, PrimaryGeneratedColumn } from "typeorm";
import type { Product } from "./product";

@Entity("categories", { comment: "Product categories, shown as the shop's navigation" })
export class Category {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ length: 80, unique: true })
  slug: string;

  @Column({ type: "text", nullable: true, comment: "Shown on the category page" })
  description: string | null;

  @ManyToMany("Product", (product: Product) => product.categories)
  products: Product[];
}
