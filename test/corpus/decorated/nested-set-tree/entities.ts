import { Column, Entity, PrimaryGeneratedColumn, Tree, TreeChildren, TreeParent } from "typeorm";

@Entity({ name: "regions" })
@Tree("nested-set")
export class Region {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ length: 80 })
  name: string;

  @TreeChildren()
  children: Region[];

  @TreeParent()
  parent: Region | null;
}
