import {
  ChildEntity,
  Column,
  Entity,
  PrimaryGeneratedColumn,
  TableInheritance,
  Tree,
  TreeChildren,
  TreeParent,
} from "typeorm";

/** A closure-table tree outside public: its closure table must follow it into the schema. */
@Entity({ name: "nodes", schema: "catalog", comment: "catalog's tree" })
@Tree("closure-table")
export class CatalogNode {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  title: string;

  @TreeChildren()
  children: CatalogNode[];

  @TreeParent()
  parent: CatalogNode | null;
}

/** A nested-set tree outside public. */
@Entity({ name: "sections", schema: "catalog" })
@Tree("nested-set")
export class Section {
  @PrimaryGeneratedColumn()
  id: number;

  @TreeChildren()
  children: Section[];

  @TreeParent()
  parent: Section | null;
}

/** Single-table inheritance outside public, with an enum discriminator-like column in the schema. */
@Entity({ name: "assets", schema: "catalog" })
@TableInheritance({ column: { type: "varchar", name: "asset_type" } })
export class Asset {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "enum", enum: ["draft", "published"], default: "draft" })
  state: string;
}

@ChildEntity("image")
export class ImageAsset extends Asset {
  @Column({ type: "int" })
  width: number;
}

@ChildEntity("video")
export class VideoAsset extends Asset {
  @Column({ type: "interval", nullable: true })
  length: string | null;
}
