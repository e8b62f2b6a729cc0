import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * The size DynamoDB bills a marshalled item or index entry by: attribute names and values, strings
 * and binaries by their bytes, numbers by about one byte per two significant digits, one byte for a
 * boolean or null, and 3 bytes plus one per element for lists and maps (whose keys count like names).
 * Write units are this in KB, rounded up per item and per index entry.
 *
 * @example dynamodbItemBytes({ pk: { S: 'ARTICLE#1' }, n: { N: '12' } }) // → 2 + 9 + 1 + 2 = 14
 */
export function dynamodbItemBytes(item: Record<string, AttributeValue>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += Buffer.byteLength(name) + valueBytes(value);
  return bytes;
}

function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.N !== undefined)
    return (
      Math.ceil(
        value.N.replace(/^-/, '')
          .replace(/[.eE].*$/, '')
          .replace(/^0+/, '').length / 2,
      ) + 1
    );
  if (value.L !== undefined) return 3 + value.L.reduce((sum, element) => sum + 1 + valueBytes(element), 0);
  if (value.M !== undefined) return 3 + Object.entries(value.M).reduce((sum, [name, element]) => sum + 1 + Buffer.byteLength(name) + valueBytes(element), 0);
  if (value.SS !== undefined) return value.SS.reduce((sum, element) => sum + Buffer.byteLength(element), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, element) => sum + valueBytes({ N: element }), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, element) => sum + element.byteLength, 0);
  return 1;
}
