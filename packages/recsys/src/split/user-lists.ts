/** Items per user, CSR: user u's items are `items[offsets[u]..offsets[u+1])`, in time order. */
export interface UserLists {
  readonly offsets: Int32Array;
  readonly items: Int32Array;
}

export const listOf = (lists: UserLists, user: number): Int32Array =>
  lists.items.subarray(lists.offsets[user]!, lists.offsets[user + 1]!);

export const listLength = (lists: UserLists, user: number): number => lists.offsets[user + 1]! - lists.offsets[user]!;

/** Builds CSR lists from per-user arrays of interaction indices, mapped to items. */
export function toUserLists(perUser: readonly (readonly number[])[], items: Int32Array): UserLists {
  const offsets = new Int32Array(perUser.length + 1);
  perUser.forEach((rows, u) => (offsets[u + 1] = offsets[u]! + rows.length));
  const out = new Int32Array(offsets[perUser.length]!);
  perUser.forEach((rows, u) => rows.forEach((r, k) => (out[offsets[u]! + k] = items[r]!)));
  return { offsets, items: out };
}
