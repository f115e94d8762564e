/** Foreign keys from every kind of relation, with each referential action, and junction tables. */
import type { CorpusSet } from "../types";
import { entity, schemaSet } from "./helpers";

const parent = entity("parents", { name: { type: "varchar" } }, { name: "Parent" });

const childOf = (tableName: string, action: "onDelete" | "onUpdate", value: string, nullable = true) =>
  entity(tableName, {}, {
    name: tableName,
    relations: {
      parent: { type: "many-to-one", target: "Parent", joinColumn: { name: "parent_id" }, [action]: value, nullable },
    },
  });

export const relationSets: CorpusSet[] = [
  schemaSet("many-to-one with every ON DELETE action", ["ON DELETE CASCADE", "SET NULL", "RESTRICT", "NO ACTION", "SET DEFAULT", "default action"], [
    parent,
    childOf("cascade_children", "onDelete", "CASCADE", false),
    childOf("set_null_children", "onDelete", "SET NULL"),
    childOf("restrict_children", "onDelete", "RESTRICT"),
    childOf("no_action_children", "onDelete", "NO ACTION"),
    childOf("set_default_children", "onDelete", "SET DEFAULT"),
    entity("plain_children", {}, { name: "plain_children", relations: { parent: { type: "many-to-one", target: "Parent" } } }),
  ]),
  schemaSet("many-to-one with every ON UPDATE action", ["ON UPDATE CASCADE", "SET NULL", "RESTRICT", "NO ACTION", "SET DEFAULT"], [
    parent,
    childOf("update_cascade", "onUpdate", "CASCADE"),
    childOf("update_set_null", "onUpdate", "SET NULL"),
    childOf("update_restrict", "onUpdate", "RESTRICT"),
    childOf("update_no_action", "onUpdate", "NO ACTION"),
    childOf("update_set_default", "onUpdate", "SET DEFAULT"),
  ]),
  schemaSet("composite foreign key to a composite primary key", ["composite primary key", "two-column join", "ON DELETE CASCADE ON UPDATE CASCADE"], [
    entity("sheets", {
      bookId: { type: "int", primary: true },
      sheetNo: { type: "int", primary: true },
      title: { type: "varchar" },
    }, { name: "Sheet" }),
    entity("cells", {
      ref: { type: "varchar", length: 10 },
    }, {
      name: "Cell",
      relations: {
        sheet: {
          type: "many-to-one",
          target: "Sheet",
          joinColumn: [
            { name: "book_id", referencedColumnName: "bookId" },
            { name: "sheet_no", referencedColumnName: "sheetNo" },
          ],
          onDelete: "CASCADE",
          onUpdate: "CASCADE",
        },
      },
    }),
  ]),
  schemaSet("self-referencing foreign key", ["many-to-one to its own table", "one-to-many inverse", "ON DELETE SET NULL"], [
    entity("employees", { name: { type: "varchar" } }, {
      name: "Employee",
      relations: {
        manager: { type: "many-to-one", target: "Employee", inverseSide: "reports", joinColumn: { name: "manager_id" }, onDelete: "SET NULL", nullable: true },
        reports: { type: "one-to-many", target: "Employee", inverseSide: "manager" },
      },
    }),
  ]),
  schemaSet("foreign key to a unique non-key column", ["referencedColumnName", "FK to a unique column", "varchar foreign key"], [
    entity("currencies", { code: { type: "char", length: 3, unique: true }, name: { type: "varchar" } }, { name: "Currency" }),
    entity("prices", { amount: { type: "numeric", precision: 12, scale: 2 } }, {
      name: "Price",
      relations: { currency: { type: "many-to-one", target: "Currency", joinColumn: { name: "currency_code", referencedColumnName: "code" }, nullable: false } },
    }),
  ]),
  schemaSet("relation without a foreign key constraint", ["createForeignKeyConstraints: false", "join column still created"], [
    entity("archives", { name: { type: "varchar" } }, { name: "Archive" }),
    entity("archived_items", {}, {
      name: "ArchivedItem",
      relations: { archive: { type: "many-to-one", target: "Archive", joinColumn: { name: "archive_id" }, createForeignKeyConstraints: false } },
    }),
  ]),
  schemaSet("deferrable foreign keys", ["DEFERRABLE INITIALLY DEFERRED", "DEFERRABLE INITIALLY IMMEDIATE"], [
    entity("nodes", { label: { type: "varchar" } }, { name: "Node" }),
    entity("edges", {}, {
      name: "Edge",
      relations: {
        from: { type: "many-to-one", target: "Node", joinColumn: { name: "from_id" }, deferrable: "INITIALLY DEFERRED" },
        to: { type: "many-to-one", target: "Node", joinColumn: { name: "to_id" }, deferrable: "INITIALLY IMMEDIATE" },
      },
    }),
  ]),
  schemaSet("one-to-one relations", ["one-to-one owner side (unique join column)", "one-to-one with ON DELETE CASCADE", "bidirectional one-to-one", "nullable one-to-one"], [
    entity("users", { name: { type: "varchar" } }, {
      name: "User",
      relations: { profile: { type: "one-to-one", target: "Profile", inverseSide: "user" } },
    }),
    entity("profiles", { bio: { type: "text", nullable: true } }, {
      name: "Profile",
      relations: { user: { type: "one-to-one", target: "User", inverseSide: "profile", joinColumn: { name: "user_id" }, onDelete: "CASCADE", nullable: false } },
    }),
    entity("avatars", { url: { type: "varchar" } }, {
      name: "Avatar",
      relations: { user: { type: "one-to-one", target: "User", joinColumn: true, nullable: true } },
    }),
  ]),
  schemaSet("many-to-many with default junction table", ["many-to-many", "generated junction name and columns", "junction indexes", "bidirectional"], [
    entity("students", { name: { type: "varchar" } }, {
      name: "Student",
      relations: { courses: { type: "many-to-many", target: "Course", inverseSide: "students", joinTable: true } },
    }),
    entity("courses", { title: { type: "varchar" } }, {
      name: "Course",
      relations: { students: { type: "many-to-many", target: "Student", inverseSide: "courses" } },
    }),
  ]),
  schemaSet("many-to-many with a custom junction table and columns", ["joinTable name", "joinColumn and inverseJoinColumn names", "junction referencing non-id columns"], [
    entity("articles", { slug: { type: "varchar", length: 60, unique: true } }, {
      name: "Article",
      relations: {
        keywords: {
          type: "many-to-many",
          target: "Keyword",
          joinTable: {
            name: "article_keyword_links",
            joinColumn: { name: "article_slug", referencedColumnName: "slug" },
            inverseJoinColumn: { name: "keyword_code", referencedColumnName: "code" },
          },
        },
      },
    }),
    entity("keywords", { code: { type: "varchar", length: 20, unique: true } }, { name: "Keyword" }),
  ]),
  schemaSet("self many-to-many", ["many-to-many to its own entity", "custom join column names"], [
    entity("accounts", { handle: { type: "varchar" } }, {
      name: "Account",
      relations: {
        follows: {
          type: "many-to-many",
          target: "Account",
          joinTable: { name: "follows", joinColumn: { name: "follower_id" }, inverseJoinColumn: { name: "followed_id" } },
        },
      },
    }),
  ]),
  schemaSet("relations whose key is a uuid or composite", ["foreign key column type follows the uuid key", "many-to-many between composite keys"], [
    entity("tenants", { id: { type: "uuid", primary: true, generated: "uuid" } }, { name: "Tenant" }),
    entity("projects", {
      tenantId: { type: "uuid", primary: true, name: "tenant_id" },
      code: { type: "varchar", length: 8, primary: true },
    }, {
      name: "Project",
      relations: {
        tenant: { type: "many-to-one", target: "Tenant", joinColumn: { name: "tenant_id" }, onDelete: "CASCADE" },
        labels: { type: "many-to-many", target: "Label", joinTable: { name: "project_labels" } },
      },
    }),
    entity("labels", { id: { type: "bigint", primary: true, generated: "identity", generatedIdentity: "ALWAYS" } }, { name: "Label" }),
  ]),
];
