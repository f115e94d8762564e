import "reflect-metadata";
import { DataSource } from "typeorm";
import { Licence, Ticket } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Ticket, Licence], uuidExtension: "pgcrypto" });
