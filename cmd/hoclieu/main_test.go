package main

import (
	"testing"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
)

func TestMain(m *testing.M) { devtest.Main(m) }
