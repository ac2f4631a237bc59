public enum VirtFleetLibvirtPlaceholder {}
