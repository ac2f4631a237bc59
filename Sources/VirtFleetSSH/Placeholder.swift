public enum VirtFleetSSHPlaceholder {}
