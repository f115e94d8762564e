import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn, type Relation } from "typeorm";

@Entity({ name: "shelves" })
export class Shelf {
  @PrimaryColumn({ type: "int" })
  aisle: number;

  @PrimaryColumn({ type: "varchar", length: 4 })
  position: string;

  @OneToMany(() => Bin, (bin) => bin.shelf)
  bins: Relation<Bin[]>;
}

@Entity({ name: "bins" })
export class Bin {
  @PrimaryColumn({ type: "int" })
  aisle: number;

  @PrimaryColumn({ type: "varchar", length: 4 })
  position: string;

  @PrimaryColumn({ type: "smallint" })
  slot: number;

  /** The join columns are also part of the primary key. */
  @ManyToOne(() => Shelf, (shelf) => shelf.bins, { onDelete: "CASCADE", onUpdate: "CASCADE" })
  @JoinColumn([
    { name: "aisle", referencedColumnName: "aisle" },
    { name: "position", referencedColumnName: "position" },
  ])
  shelf: Relation<Shelf>;

  @Column({ type: "int", default: 0 })
  quantity: number;
}
