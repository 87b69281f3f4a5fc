/** "1 memory", "2 memories": a count with its noun in the right number. */
export const countOf = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;
