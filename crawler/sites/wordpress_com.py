"""WordPress.com-hosted blogs (on *.wordpress.com or a custom domain): WordPress plus the hosted
platform's comment form ("highlander", and the 2024 form), action bars and footer."""

from __future__ import annotations

from dataclasses import replace

from crawler.sites.wordpress import WORDPRESS

CUT_LINES = (
    r"Leave a comment Cancel reply",
    r"Fill in your details below or click an icon to log in:( Logo)?",
    r"Write a comment\.\.\.",
)
DROP_LINES = (
    # the "highlander" comment form, as text
    r"(Email|Name|Website) \(required\).{0,200}",
    r"Email \(Address never made public\)",
    r"You are commenting using your (\w+(\.com)? )?account\.\s*\(?\s*Log Out\s*/\s*Change\s*\)",
    r"(Google|Twitter|Facebook|WordPress\.com|Gravatar) (photo|picture|logo)",
    r"Connecting to %s",
    r"Notify me of new comments via email\.",
    r"Notify me of new posts via email\.",
    r"Post was not sent - check your email addresses!",
    r"Email check failed, please try again",
    r"Sorry, your blog cannot share posts by email\.",
    # the 2024+ form
    r"Log in or provide your name and email to leave a comment\.",
    # the footer and action bars, the cookie banner
    r"Subscribe Subscribed",
    r"Report this content",
    r"View site in Reader",
    r"Manage subscriptions",
    r"Collapse this bar",
    r"Already have a WordPress\.com account\? Log in now\.",
    r"Join \d[\d,]* other (subscribers|followers)",
    r"(Design a site like this with|Create a (free )?website or blog at|Website Powered by) WordPress\.com\.?",
    r"Privacy & Cookies: This site uses cookies\..{0,400}",
    r"To find out more, including how to control cookies, see here: Cookie Policy",
    r"Close and accept",
)
EDGE_LINES = (
    r"Comment",
    r"(Subscribe|Subscribed|Reblog|Follow|Following|Follow Following|Customize|Sign me up|Log in now\.|Log in|Copy shortlink|Copy link)",
)

WORDPRESS_COM = replace(
    WORDPRESS,
    name="wordpress.com",
    domains=("wordpress.com",),
    markers=("s0.wp.com", "s1.wp.com", "s2.wp.com", "stats.wp.com", "pixel.wp.com", 'content="WordPress.com', ".wordpress.com/"),
    drop_blocks=WORDPRESS.drop_blocks
    + (
        "#comment-form-nascar",
        "#comment-form-identity",
        "#comment-form-guest",
        "#comment-form-wordpress",
        "#comment-form-googleplus",
        "#comment-form-twitter",
        "#comment-form-facebook",
        "#comment-form-subscribe",
        "#comment-form-load-service",
        ".comment-subscription-form",
        ".verbum-form",
        "#actionbar",
        "#marketingbar",
        ".wpcom-masterbar",
        "#wpadminbar",
    ),
    drop_lines=WORDPRESS.drop_lines + CUT_LINES + DROP_LINES,
    edge_lines=WORDPRESS.edge_lines + EDGE_LINES,
    cut_lines=WORDPRESS.cut_lines + CUT_LINES,
)
