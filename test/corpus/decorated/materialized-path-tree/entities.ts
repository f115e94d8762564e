import { Column, Entity, PrimaryGeneratedColumn, Tree, TreeChildren, TreeParent } from "typeorm";

@Entity({ name: "menu_items" })
@Tree("materialized-path")
export class MenuItem {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  label: string;

  @TreeChildren()
  children: MenuItem[];

  @TreeParent({ onDelete: "CASCADE" })
  parent: MenuItem | null;
}
