import "reflect-metadata";
import { DataSource } from "typeorm";
import { Asset, CatalogNode, ImageAsset, Section, VideoAsset } from "./entities";

export const dataSource = new DataSource({ type: "postgres", entities: [CatalogNode, Section, Asset, ImageAsset, VideoAsset] });
