import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from "typeorm";

@Entity({ name: "bookings" })
@Index(["room", "day"], { unique: true })
@Index("IDX_bookings_guest_live", ["guest"], { where: `"cancelled" = false` })
@Index("IDX_bookings_room_day_guest", ["room", "day", "guest"])
@Unique("UQ_bookings_reference", ["reference"])
@Unique(["guest", "day", "room"])
@Check(`"nights" > 0`)
@Check("CHK_bookings_price", `"price" >= 0 AND "price" < 100000`)
export class Booking {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  room: number;

  @Column({ type: "date" })
  day: string;

  @Index()
  @Column()
  guest: number;

  @Index({ unique: true })
  @Column({ length: 20 })
  code: string;

  @Column({ length: 30 })
  reference: string;

  @Column({ type: "int", default: 1 })
  nights: number;

  @Column({ type: "numeric", precision: 10, scale: 2 })
  price: string;

  @Column({ default: false })
  cancelled: boolean;
}
