import "reflect-metadata";
import { DataSource } from "typeorm";
import { Author, Book, Genre, Isbn } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [Author, Book, Genre, Isbn] });
