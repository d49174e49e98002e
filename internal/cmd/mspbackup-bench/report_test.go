package main

import (
	"testing"
	"time"
)

func TestMaxPlanRequests(t *testing.T) {
	tests := []struct{ n, want int }{
		{500, 20},
		{1000, 30},
		{3000, 70},
		{549, 20}, // a part page still costs a request, covered by the 10
	}
	for _, tt := range tests {
		if got := maxPlanRequests(tt.n); got != tt.want {
			t.Errorf("maxPlanRequests(%d) = %d, want %d", tt.n, got, tt.want)
		}
	}
}

func TestRefN(t *testing.T) {
	tests := []struct {
		sizes []int
		want  int
	}{
		{[]int{100, 1000, 3000}, 1000},
		{[]int{10, 30}, 30},
		{[]int{3000, 100}, 3000},
	}
	for _, tt := range tests {
		if got := refN(tt.sizes); got != tt.want {
			t.Errorf("refN(%v) = %d, want %d", tt.sizes, got, tt.want)
		}
	}
}

func TestFloorRatio(t *testing.T) {
	floor := &tfResult{Apply: phase{Wall: 2 * time.Second}, Plan: phase{Wall: 4 * time.Second}}
	tests := []struct {
		name  string
		d     time.Duration
		floor *tfResult
		c     tfCommand
		want  string
	}{
		{"apply against apply", 3 * time.Second, floor, apply, "1.50x"},
		{"plan against plan", 3 * time.Second, floor, plan, "0.75x"},
		{"no floor measured", time.Second, nil, apply, "-"},
		{"floor of zero time", time.Second, &tfResult{}, plan, "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := floorRatio(tt.d, tt.floor, tt.c); got != tt.want {
				t.Errorf("floorRatio = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHashResult(t *testing.T) {
	tests := []struct {
		name         string
		h            *hashResult
		perPW, cpuPW time.Duration
		for1000      time.Duration
	}{
		{"difference over the sample", &hashResult{Sample: 100, Without: time.Second, With: 6 * time.Second,
			ServerCPUWithout: time.Second, ServerCPUWith: 11 * time.Second}, 50 * time.Millisecond, 100 * time.Millisecond, 50 * time.Second},
		{"noise below zero counts as none", &hashResult{Sample: 10, Without: 2 * time.Second, With: time.Second}, 0, 0, 0},
		{"empty sample", &hashResult{}, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.h.PerPassword(); got != tt.perPW {
				t.Errorf("PerPassword = %v, want %v", got, tt.perPW)
			}
			if got := tt.h.CPUPerPassword(); got != tt.cpuPW {
				t.Errorf("CPUPerPassword = %v, want %v", got, tt.cpuPW)
			}
			if got := tt.h.For(1000); got != tt.for1000 {
				t.Errorf("For(1000) = %v, want %v", got, tt.for1000)
			}
		})
	}
}

func TestShowsChange(t *testing.T) {
	const value = "changed in the console"
	tests := []struct {
		name, out string
		want      bool
	}{
		{"planned change back to the configuration", `
  # mspbackup_customer_account.r[0] will be updated in-place
  ~ resource "mspbackup_customer_account" "r" {
      ~ description = "changed in the console" -> "benchmark customer account 0"
        id          = "ca_123"
    }
Plan: 0 to add, 1 to change, 0 to destroy.`, true},
		{"only the note of a change outside Terraform", `
Note: Objects have changed outside of Terraform
  ~ resource "mspbackup_customer_account" "r" {
      ~ description = "benchmark customer account 0" -> "changed in the console"
    }
No changes.`, false},
		{"another attribute", `      ~ name = "changed in the console" -> "x"`, false},
		{"no changes", "No changes. Your infrastructure matches the configuration.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := showsChange(tt.out, "description", value); got != tt.want {
				t.Errorf("showsChange = %v, want %v", got, tt.want)
			}
		})
	}
}
