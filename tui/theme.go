package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles is the one theme of the console. Names are semantic: a stage says
// Breach or OK, never red or green, and each colour is paired with a glyph
// or word at the call site so colour is never the only signal.
type Styles struct {
	Title, Muted, Breach, Warn, OK, Selected, Focus lipgloss.Style
	Header, Tab, TabActive, Error, Info, Key        lipgloss.Style
	Bar, BarLate, Prompt, Input                     lipgloss.Style
	Help                                            help.Styles
	Dark                                            bool
}

// NewStyles builds the theme for a dark or light background. Colours are
// chosen to read on both a projector and a laptop: strong red and green
// with bold, never pale tints that wash out on a big screen.
func NewStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color { return ld(lipgloss.Color(light), lipgloss.Color(dark)) }
	red, green, amber := c("#B00020", "#FF5F5F"), c("#006B2E", "#5FD787"), c("#8A5A00", "#FFD75F")
	muted, accent := c("#5C5C5C", "#A8A8A8"), c("#1F4FB8", "#87AFFF")
	selBG, selFG := c("#D6E4FF", "#303A5C"), c("#000000", "#FFFFFF")
	s := Styles{Dark: isDark}
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Muted = lipgloss.NewStyle().Foreground(muted)
	s.Breach = lipgloss.NewStyle().Bold(true).Foreground(red)
	s.Warn = lipgloss.NewStyle().Bold(true).Foreground(amber)
	s.OK = lipgloss.NewStyle().Bold(true).Foreground(green)
	s.Selected = lipgloss.NewStyle().Background(selBG).Foreground(selFG).Bold(true)
	s.Focus = lipgloss.NewStyle().Bold(true).Foreground(accent).Underline(true)
	s.Header = lipgloss.NewStyle().Bold(true)
	s.Tab = lipgloss.NewStyle().Foreground(muted)
	s.TabActive = lipgloss.NewStyle().Bold(true).Foreground(selFG).Background(selBG)
	s.Error = lipgloss.NewStyle().Bold(true).Foreground(red)
	s.Info = lipgloss.NewStyle().Foreground(accent)
	s.Key = lipgloss.NewStyle().Bold(true)
	s.Bar = lipgloss.NewStyle().Foreground(green)
	s.BarLate = lipgloss.NewStyle().Foreground(muted)
	s.Prompt = lipgloss.NewStyle().Bold(true).Foreground(amber)
	s.Input = lipgloss.NewStyle()
	s.Help = help.DefaultStyles(isDark)
	return s
}
