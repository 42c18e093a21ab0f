package sqlite

import "golang.org/x/crypto/bcrypt"

// Tests hash with the cheapest cost: the checks, not the work, are tested.
func init() { bcryptCost = bcrypt.MinCost }
