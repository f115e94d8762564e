import "reflect-metadata";
import { DataSource } from "typeorm";
import { Booking } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Booking] });
