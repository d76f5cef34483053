"""Pure computation: the IKM per PermenPANRB 14/2017 and the decree's indicators."""
