/** State colours shared by every chart and the tables' badges (see styles.css). */
export const STATE_COLORS = {
  COMPLETE: "#2563eb",
  PRUNED: "#d97706",
  FAILED: "#dc2626",
  RUNNING: "#059669",
  WAITING: "#6b7280",
} as const;
