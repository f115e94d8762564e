import {
  Column,
  Entity,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  OneToMany,
  OneToOne,
  PrimaryGeneratedColumn,
  RelationId,
  type Relation,
} from "typeorm";

@Entity({ name: "authors" })
export class Author {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  name: string;

  /** Self reference: an author's mentor, kept when the mentor is deleted. */
  @ManyToOne(() => Author, { nullable: true, onDelete: "SET NULL", onUpdate: "CASCADE" })
  @JoinColumn({ name: "mentor_id" })
  mentor: Relation<Author> | null;

  @OneToMany(() => Book, (book) => book.author)
  books: Relation<Book[]>;
}

@Entity({ name: "books" })
export class Book {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  title: string;

  @ManyToOne(() => Author, (author) => author.books, { nullable: false, onDelete: "RESTRICT", onUpdate: "CASCADE", deferrable: "INITIALLY DEFERRED" })
  @JoinColumn({ name: "author_id", foreignKeyConstraintName: "FK_books_author" })
  author: Relation<Author>;

  @RelationId((book: Book) => book.author)
  authorId: number;

  /** The column exists, the constraint does not. */
  @ManyToOne(() => Author, { createForeignKeyConstraints: false, nullable: true })
  @JoinColumn({ name: "editor_id" })
  editor: Relation<Author> | null;

  /** A lazy relation: the column is the same as for an eager one. */
  @ManyToOne(() => Book, { nullable: true, onDelete: "SET NULL" })
  sequelOf: Promise<Book | null>;

  @ManyToMany(() => Genre, (genre) => genre.books, { onDelete: "CASCADE", onUpdate: "NO ACTION" })
  @JoinTable({
    name: "book_genres",
    joinColumn: { name: "book", referencedColumnName: "id" },
    inverseJoinColumn: { name: "genre", referencedColumnName: "code" },
  })
  genres: Relation<Genre[]>;

  @OneToOne(() => Isbn, { nullable: true, onDelete: "SET NULL", deferrable: "INITIALLY IMMEDIATE" })
  @JoinColumn({ name: "isbn_id" })
  isbn: Relation<Isbn> | null;
}

@Entity({ name: "genres" })
export class Genre {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ length: 12, unique: true })
  code: string;

  @ManyToMany(() => Book, (book) => book.genres)
  books: Relation<Book[]>;
}

@Entity({ name: "isbns" })
export class Isbn {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ length: 17, unique: true })
  value: string;
}
