import "reflect-metadata";
import { DataSource } from "typeorm";
import { Reservation } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Reservation] });
