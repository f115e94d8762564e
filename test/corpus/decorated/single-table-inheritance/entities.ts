import { ChildEntity, Column, Entity, PrimaryGeneratedColumn, TableInheritance } from "typeorm";

@Entity({ name: "vehicles" })
@TableInheritance({ column: { type: "varchar", name: "kind", length: 20 } })
export class Vehicle {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  maker: string;
}

@ChildEntity("car")
export class Car extends Vehicle {
  @Column({ type: "int" })
  doors: number;
}

@ChildEntity("truck")
export class Truck extends Vehicle {
  @Column({ type: "numeric", precision: 8, scale: 2 })
  payload: string;

  @Column({ type: "int", default: 2 })
  axles: number;
}

@ChildEntity()
export class ElectricTruck extends Truck {
  @Column({ type: "int", nullable: true })
  batteryKwh: number | null;
}
