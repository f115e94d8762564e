import { Column, Entity, Exclusion, PrimaryGeneratedColumn } from "typeorm";

/** Two reservations of one room may not overlap; `=` on an int in a GiST index needs btree_gist. */
@Entity({ name: "reservations" })
@Exclusion("XCL_reservations_no_overlap", `USING gist ("room" WITH =, "during" WITH &&)`)
export class Reservation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  room: number;

  @Column({ type: "tstzrange" })
  during: string;
}
