import "reflect-metadata";
import { DataSource } from "typeorm";
import { Event, EventArchive, EventTag } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Event, EventArchive, EventTag] });
