public enum VirtFleetInventoryPlaceholder {}
