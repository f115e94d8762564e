import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

export class Geo {
  @Column({ type: "double precision", nullable: true })
  lat: number | null;

  @Column({ type: "double precision", nullable: true })
  lng: number | null;
}

export class Address {
  @Column({ length: 120 })
  street: string;

  @Column({ length: 60 })
  city: string;

  @Column(() => Geo)
  geo: Geo;
}

export class Money {
  @Column({ type: "numeric", precision: 12, scale: 2, default: 0 })
  amount: string;

  @Column({ type: "char", length: 3, default: "EUR" })
  currency: string;
}

@Entity({ name: "companies" })
export class Company {
  @PrimaryGeneratedColumn()
  id: number;

  /** Default prefix: the property name (addressStreet, addressGeoLat, ...). */
  @Column(() => Address)
  address: Address;

  /** Custom prefix. */
  @Column(() => Address, { prefix: "billing_" })
  billing: Address;

  /** No prefix at all. */
  @Column(() => Money, { prefix: false })
  capital: Money;
}
