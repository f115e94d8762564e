import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "notes", comment: "Notes users write.\nIt's multi-line\r\nand has \"quotes\"" })
export class Note {
  @PrimaryGeneratedColumn({ comment: "the key" })
  id: number;

  @Column({ type: "text", comment: "body's text" })
  body: string;
}

@Entity({ name: "plain_notes" })
export class PlainNote {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", comment: "" })
  title: string;
}
