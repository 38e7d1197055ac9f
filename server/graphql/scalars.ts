// Money never travels as a float: Decimal is a string with at most two decimals.
import { GraphQLError, Kind } from 'graphql';
import { builder } from './builder.ts';

const DECIMAL = /^(0|[1-9]\d{0,9})(\.\d{1,2})?$/;

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new GraphQLError(
      'Decimal must be a string of digits with at most two decimals, e.g. "100.02"',
    );
  }
  return value;
}

builder.scalarType('Decimal', {
  description: 'A non-negative decimal amount as a string with at most two decimals ("100.02").',
  serialize: (value) => String(value),
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Decimal must be a string literal');
    return parseDecimal(ast.value);
  },
});

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(String(value))) {
    throw new GraphQLError('DateTime must be an ISO 8601 date-time string');
  }
  return date;
}

builder.scalarType('DateTime', {
  description: 'An ISO 8601 date-time with offset, e.g. "2026-11-25T10:00:00.000Z".',
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string literal');
    return parseDateTime(ast.value);
  },
});
