import "reflect-metadata";
import { DataSource } from "typeorm";
import { Note, PlainNote } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Note, PlainNote] });
