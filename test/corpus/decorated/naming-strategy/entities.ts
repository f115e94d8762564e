import { Column, Entity, Index, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, type Relation } from "typeorm";

@Entity()
export class ShopCustomer {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  firstName: string;

  @Index()
  @Column({ unique: true })
  emailAddress: string;
}

@Entity()
export class ShopOrder {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "timestamptz" })
  placedAt: Date;

  @ManyToOne(() => ShopCustomer, { onDelete: "CASCADE" })
  shopCustomer: Relation<ShopCustomer>;

  @ManyToMany(() => ShopProduct)
  @JoinTable()
  lineProducts: Relation<ShopProduct[]>;
}

@Entity()
export class ShopProduct {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  displayName: string;
}
