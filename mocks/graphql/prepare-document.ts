import {
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import { fail, ok, type Result } from '../../runtime/result.js';
import { TwoGenerationCache } from './document-cache.js';
import { errorsBody } from './graphql-responses.js';
import { maxQueryDepth, maxTextNesting, selectionDepth, textNesting } from './query-depth.js';

/** A document that parsed and validated against the schema, with its fragments by name. */
export interface PreparedDocument {
  document: DocumentNode;
  fragments: Readonly<Record<string, FragmentDefinitionNode>>;
}

/**
 * The most tokens a document may have. Unpublished for Shopify; it bounds the parser's work on a hostile
 * body (a guess, far above any real Admin query).
 */
const maxTokens = 20_000;

/**
 * Parses and validates `query` against `schema`. Syntax and validation errors are returned, not thrown:
 * the API answers them as HTTP 200 with `errors[]`, as Shopify does for GraphQL errors that are not
 * transport failures (SHOPIFY.md, "Errors"). The messages are graphql-js's, not Shopify's Ruby wording.
 */
export function prepareDocument(
  schema: GraphQLSchema,
  query: string,
): Result<PreparedDocument, readonly GraphQLError[]> {
  // Depth before parsing (the parser recurses per level) and after (fragments can stack levels the text
  // does not show), both before validation, which recurses too.
  if (textNesting(query) > maxTextNesting) {
    return fail([depthError(`Query nests more than ${maxTextNesting} levels of {, ( and [`)]);
  }
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens });
  } catch (error) {
    if (error instanceof GraphQLError) return fail([error]);
    throw error;
  }
  const depth = selectionDepth(document);
  if (depth > maxQueryDepth) return fail([depthError(`Query has a depth of at least ${depth}`)]);
  const errors = validate(schema, document);
  if (errors.length > 0) return fail(errors);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return ok({ document, fragments });
}

/**
 * The error for a query past {@link maxQueryDepth}: a GraphQL error (HTTP 200, `errors[]`) as Shopify
 * answers its other query limits (MAX_COST_EXCEEDED). Shopify publishes no depth limit, so the wording and
 * the `MAX_DEPTH_EXCEEDED` code are the mock's own.
 */
function depthError(what: string): GraphQLError {
  return new GraphQLError(`${what}, which exceeds the max depth of ${maxQueryDepth}.`, {
    extensions: { code: 'MAX_DEPTH_EXCEEDED', maxDepth: maxQueryDepth },
  });
}

/**
 * The longest query text kept in the document cache, in characters. Real Admin queries are a few KB; a
 * hostile megabyte-long query is prepared every time rather than pinned in memory (a guess).
 */
const maxCachedQueryLength = 16_384;

/**
 * {@link prepareDocument} behind a bounded cache keyed by query text (see document-cache.ts), so a
 * repeated query is parsed and validated once. An invalid document is kept as its finished
 * `{"errors": [...]}` body. Queries longer than 16 KiB are not cached.
 *
 * @param capacity - Documents per cache generation (at most twice as many are held).
 */
export function cachedDocumentPreparer(
  schema: GraphQLSchema,
  capacity: number,
): (query: string) => Result<PreparedDocument, string> {
  const documents = new TwoGenerationCache<Result<PreparedDocument, string>>(capacity);
  return (query) => {
    let entry = documents.get(query);
    if (entry === undefined) {
      const prepared = prepareDocument(schema, query);
      entry = prepared.ok ? prepared : fail(errorsBody(prepared.reason));
      if (query.length <= maxCachedQueryLength) documents.set(query, entry);
    }
    return entry;
  };
}
