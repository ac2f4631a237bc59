public enum VirtFleetExpansionPlaceholder {}
