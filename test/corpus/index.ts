/**
 * The entity corpus: plain-data sets (types.ts) that test/integration/corpus.test.ts runs through four
 * checks each. EntitySchema sets live in sets/<topic>.ts; decorated-class sets live in
 * decorated/<set>/ (entities plus a data-source.ts exporting the DataSource) and are listed in
 * sets/decorated.ts. A check that fails because of src/ is marked with `knownGap` on its set, with the
 * exact difference observed; a set TypeORM's synchronize gets wrong says so with `synchronizeIsWrong`.
 */
import { columnTypeSets } from "./sets/column-types";
import { commentSets } from "./sets/comments";
import { constraintAndIndexSets } from "./sets/constraints-and-indexes";
import { decoratedSets } from "./sets/decorated";
import { defaultSets } from "./sets/defaults";
import { edgeCaseSets } from "./sets/edge-cases";
import { enumSets } from "./sets/enums";
import { extensionTypeSets } from "./sets/extension-types";
import { keyAndGenerationSets } from "./sets/keys-and-generation";
import { relationSets } from "./sets/relations";
import { schemaAndNamingSets } from "./sets/schemas-and-naming";
import type { CorpusSet } from "./types";

export const corpus: readonly CorpusSet[] = [
  ...columnTypeSets,
  ...extensionTypeSets,
  ...defaultSets,
  ...keyAndGenerationSets,
  ...commentSets,
  ...constraintAndIndexSets,
  ...relationSets,
  ...enumSets,
  ...schemaAndNamingSets,
  ...edgeCaseSets,
  ...decoratedSets,
];
