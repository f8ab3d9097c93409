import { buildSchema, type GraphQLSchema } from 'graphql';

/**
 * The slice of Shopify's GraphQL Admin schema the mock serves, in SDL. Names, argument and payload shapes
 * follow shopify.dev/docs/api/admin-graphql (QueryRoot.orders/order/customer, orderCreate with
 * `OrderCreateOrderInput`, customerUpdate with `CustomerInput`, metafieldsSet with
 * `MetafieldsSetInput`); everything else is left out. Money amounts
 * are `Decimal` strings and counts `UnsignedInt64` strings, as Shopify sends them. `customerId` on the
 * order input is deprecated in Shopify in favour of `customer.toAssociate.id`; both are accepted. An
 * order's `currency` is accepted and ignored: a mock shop has one currency (a setting of the API).
 */
export const adminSchemaSdl = /* GraphQL */ `
  schema {
    query: QueryRoot
    mutation: Mutation
  }

  scalar DateTime
  scalar Decimal
  scalar UnsignedInt64

  enum CurrencyCode {
    AUD
    BRL
    CAD
    CHF
    CNY
    CZK
    DKK
    EUR
    GBP
    HKD
    INR
    JPY
    MXN
    NOK
    NZD
    PLN
    SEK
    SGD
    USD
    ZAR
  }

  type QueryRoot {
    order(id: ID!): Order
    orders(
      first: Int
      last: Int
      after: String
      before: String
      query: String
      reverse: Boolean = false
    ): OrderConnection!
    customer(id: ID!): Customer
  }

  type Mutation {
    orderCreate(order: OrderCreateOrderInput!): OrderCreatePayload
    customerUpdate(input: CustomerInput!): CustomerUpdatePayload
    metafieldsSet(metafields: [MetafieldsSetInput!]!): MetafieldsSetPayload
  }

  type Metafield {
    id: ID!
    namespace: String!
    key: String!
    value: String!
    type: String!
    createdAt: DateTime!
    updatedAt: DateTime!
  }

  type MetafieldsSetUserError {
    field: [String!]
    message: String!
    code: String
    elementIndex: Int
  }

  type MetafieldsSetPayload {
    metafields: [Metafield!]
    userErrors: [MetafieldsSetUserError!]!
  }

  input MetafieldsSetInput {
    ownerId: ID!
    namespace: String
    key: String!
    value: String!
    type: String
    compareDigest: String
  }

  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type MoneyV2 {
    amount: Decimal!
    currencyCode: CurrencyCode!
  }

  type MoneyBag {
    shopMoney: MoneyV2!
  }

  type Attribute {
    key: String!
    value: String
  }

  type Order {
    id: ID!
    legacyResourceId: UnsignedInt64!
    name: String!
    createdAt: DateTime!
    updatedAt: DateTime!
    tags: [String!]!
    customAttributes: [Attribute!]!
    totalPriceSet: MoneyBag!
    customer: Customer
    lineItems(first: Int, last: Int, after: String, before: String): LineItemConnection!
  }

  type OrderEdge {
    cursor: String!
    node: Order!
  }

  type OrderConnection {
    edges: [OrderEdge!]!
    nodes: [Order!]!
    pageInfo: PageInfo!
  }

  type LineItem {
    id: ID!
    title: String!
    quantity: Int!
    originalUnitPriceSet: MoneyBag!
  }

  type LineItemEdge {
    cursor: String!
    node: LineItem!
  }

  type LineItemConnection {
    edges: [LineItemEdge!]!
    nodes: [LineItem!]!
    pageInfo: PageInfo!
  }

  type Customer {
    id: ID!
    legacyResourceId: UnsignedInt64!
    email: String
    firstName: String
    lastName: String
    numberOfOrders: UnsignedInt64!
    amountSpent: MoneyV2!
    tags: [String!]!
    note: String
    updatedAt: DateTime!
  }

  type UserError {
    field: [String!]
    message: String!
  }

  type OrderCreateUserError {
    field: [String!]
    message: String!
  }

  type OrderCreatePayload {
    order: Order
    userErrors: [OrderCreateUserError!]!
  }

  type CustomerUpdatePayload {
    customer: Customer
    userErrors: [UserError!]!
  }

  input MoneyInput {
    amount: Decimal!
    currencyCode: CurrencyCode!
  }

  input MoneyBagInput {
    shopMoney: MoneyInput!
  }

  input AttributeInput {
    key: String!
    value: String!
  }

  input OrderCreateLineItemInput {
    title: String
    quantity: Int!
    priceSet: MoneyBagInput
    variantId: ID
  }

  input OrderCreateAssociateCustomerAttributesInput {
    id: ID!
  }

  input OrderCreateCustomerInput {
    toAssociate: OrderCreateAssociateCustomerAttributesInput
  }

  input OrderCreateOrderInput {
    lineItems: [OrderCreateLineItemInput!]
    customAttributes: [AttributeInput!]
    tags: [String!]
    currency: CurrencyCode
    customer: OrderCreateCustomerInput
    customerId: ID @deprecated(reason: "Use customer.toAssociate.id instead.")
  }

  input CustomerInput {
    id: ID
    tags: [String!]
    note: String
  }
`;

/** The mock's schema, built once. Resolvers come from the root value (see root-resolvers.ts). */
export const adminSchema: GraphQLSchema = buildSchema(adminSchemaSdl);
