import { Column, Entity, PrimaryGeneratedColumn, Tree, TreeChildren, TreeParent } from "typeorm";

@Entity({ name: "categories" })
@Tree("closure-table")
export class Category {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  name: string;

  @TreeChildren()
  children: Category[];

  @TreeParent({ onDelete: "CASCADE" })
  parent: Category | null;
}

@Entity({ name: "folders" })
@Tree("closure-table", { closureTableName: "folder_paths", ancestorColumnName: () => "ancestor", descendantColumnName: () => "descendant" })
export class Folder {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @TreeChildren()
  children: Folder[];

  @TreeParent()
  parent: Folder | null;
}
