#!/usr/bin/env python3
"""Writes the held-out articles (articles/*.txt) and their hand-labelled gold
(gold.json: byte offsets, the format of shared/eval/seed-attributions.json).

The articles are invented news text written for this set, before the extractor was
tuned on it, in domains and layouts the seeds do not have. Each row names its content
by string; the script finds the byte offsets (the first occurrence at or after the
optional `after` anchor) and fails when a content string is not in its article.

Labelling conventions (those of the seed gold): direct content is the inside of the
quotation marks with its trailing comma or period; mixed content keeps its quotation
marks; sentence-final framing after the content ("..., he said") is excluded; an
anonymous speaker is named by its description without the article ("senior Western
diplomat"); a speaker named only by a pronoun or a description ("the company") is the
named entity it refers to. Headlines, captions, bylines, related links, embedded posts
and boilerplate give no rows, except a headline that is itself an attribution.

Run from this directory: python3 make_gold.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
D = os.path.join(HERE, 'articles')
arts = {}
rows = []


def art(name, text):
    arts[name] = text
    with open(os.path.join(D, name), 'w', encoding='utf-8') as f:
        f.write(text)


def row(src, speaker, mention, cue, kind, content, medium=None, via=None, after=None):
    b = arts[src].encode('utf-8')
    base = 0
    if after:
        base = b.find(after.encode('utf-8'))
        assert base >= 0, (src, after)
    cb = content.encode('utf-8')
    i = b.find(cb, base)
    assert i >= 0, (src, content)
    rows.append(dict(source=src, speaker=speaker, mention=mention, cue=cue, kind=kind,
                     content=content, start=i, end=i + len(cb), medium=medium, via=via))


# ------------------------------------------------------------ courts, US, straight quotes
S = 'h01_courts_verdict.txt'
art(S, """Jury finds former county treasurer guilty of embezzling $2.3 million

By Sarah Klein, Staff Writer

Updated 6:14 p.m. ET

A federal jury in Harrisburg on Thursday convicted former Dauphin Valley County treasurer Gregory Pruitt of embezzling $2.3 million in public funds over six years.

Jurors deliberated for about five hours before returning guilty verdicts on all 14 counts, including wire fraud and money laundering.

"Mr. Pruitt treated the county's accounts as his personal piggy bank," Assistant U.S. Attorney Lauren Michaels told jurors in her closing argument on Wednesday. "He thought nobody was watching."

Pruitt's attorney, David Esposito, said his client would appeal. Esposito argued during the trial that the county's accounting software had been "riddled with errors" and that auditors had signed off on every transaction.

"We respect the jury's work, but we believe the judge should never have allowed the bank records into evidence," Esposito said outside the courthouse.

RELATED: County audit finds $400,000 in unexplained transfers

RELATED: Treasurer's office to be overhauled, commissioners say

U.S. District Judge Harriet Olmstead set sentencing for Sept. 12. Each wire fraud count carries a maximum penalty of 20 years in prison, according to the U.S. Attorney's Office.

In a written statement, County Commissioner Ray Boateng said the verdict "closes a painful chapter" for taxpayers. He said the county had since hired an outside firm to review every account.

Prosecutors said Pruitt used the money to pay off gambling debts and to buy a lakeside cabin, which the government is now seeking to seize.

Pruitt, 61, did not speak to reporters as he left the courthouse with his wife.

Copyright 2025 The Valley Courier. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.
""")
row(S, 'Lauren Michaels', 'Assistant U.S. Attorney Lauren Michaels', 'told', 'direct',
    "Mr. Pruitt treated the county's accounts as his personal piggy bank,", via='jurors')
row(S, 'Lauren Michaels', 'Assistant U.S. Attorney Lauren Michaels', 'told', 'direct', 'He thought nobody was watching.')
row(S, 'David Esposito', "Pruitt's attorney, David Esposito", 'said', 'indirect', 'his client would appeal')
row(S, 'David Esposito', 'Esposito', 'argued', 'mixed', 'the county\'s accounting software had been "riddled with errors"')
row(S, 'David Esposito', 'Esposito', 'argued', 'indirect', 'auditors had signed off on every transaction')
row(S, 'David Esposito', 'Esposito', 'said', 'direct',
    "We respect the jury's work, but we believe the judge should never have allowed the bank records into evidence,")
row(S, "U.S. Attorney's Office", "the U.S. Attorney's Office", 'according to', 'indirect',
    'Each wire fraud count carries a maximum penalty of 20 years in prison')
row(S, 'Ray Boateng', 'County Commissioner Ray Boateng', 'said', 'mixed',
    'the verdict "closes a painful chapter" for taxpayers', medium='written statement')
row(S, 'Ray Boateng', 'He', 'said', 'indirect', 'the county had since hired an outside firm to review every account')
row(S, 'Prosecutors', 'Prosecutors', 'said', 'indirect',
    'Pruitt used the money to pay off gambling debts and to buy a lakeside cabin, which the government is now seeking to seize')

# ------------------------------------------------------------ health, UK, curly quotes, Photograph: credit
S = 'h02_health_waiting_lists.txt'
art(S, """Hospital waiting lists hit record as winter pressures mount

Patients in England face the longest waits for planned treatment since records began.

A nurse walks along a corridor at a hospital in Manchester. Photograph: Christopher Furlong/Getty Images

By Hannah Lowe, Health Correspondent

Tue 14 Jan 2025 09.30 GMT

The waiting list for routine hospital treatment in England rose to 7.8 million in November, according to NHS England data published on Thursday.

Professor Sir Stephen Powis, NHS England’s national medical director, said staff had worked “incredibly hard” through a difficult autumn but warned that flu admissions were now rising sharply.

“We are seeing four times as many patients with flu in hospital as at this point last year,” he said. “That puts enormous strain on beds that are needed for planned operations.”

The Royal College of Nursing described the figures as “a damning verdict on years of underinvestment”. Its general secretary, Nicola Ranger, said nurses were “caring for patients in corridors, car parks and cupboards”.

Health Secretary Wes Streeting told the Commons that the government had inherited “a broken NHS” and that it would take time to fix.

The health secretary added that an extra 40,000 appointments a week had been delivered since July.

Dr Amara Okafor, an A&E consultant in Leeds, said the pressure on emergency departments was the worst she had seen in 20 years. “Some of my patients have waited three days for a bed. That is not safe, and everybody knows it,” she said.

A Department of Health and Social Care spokesperson said: “We are determined to cut waiting lists and have set out a plan to deliver 2 million more operations, scans and appointments.”

The Liberal Democrats called for an emergency winter funding package.

Related: NHS trusts declare critical incidents as flu cases surge

Related: The nurses who sleep in their cars between shifts
""")
row(S, 'NHS England', 'NHS England data', 'according to', 'indirect',
    'The waiting list for routine hospital treatment in England rose to 7.8 million in November')
row(S, 'Stephen Powis', 'Professor Sir Stephen Powis', 'said', 'mixed',
    'staff had worked “incredibly hard” through a difficult autumn')
row(S, 'Stephen Powis', 'Professor Sir Stephen Powis', 'warned', 'indirect', 'flu admissions were now rising sharply')
row(S, 'Stephen Powis', 'he', 'said', 'direct',
    'We are seeing four times as many patients with flu in hospital as at this point last year,')
row(S, 'Stephen Powis', 'he', 'said', 'direct', 'That puts enormous strain on beds that are needed for planned operations.')
row(S, 'Royal College of Nursing', 'The Royal College of Nursing', 'described', 'mixed',
    'the figures as “a damning verdict on years of underinvestment”')
row(S, 'Nicola Ranger', 'Its general secretary, Nicola Ranger', 'said', 'mixed',
    'nurses were “caring for patients in corridors, car parks and cupboards”')
row(S, 'Wes Streeting', 'Health Secretary Wes Streeting', 'told', 'mixed',
    'the government had inherited “a broken NHS”', via='the Commons')
row(S, 'Wes Streeting', 'Health Secretary Wes Streeting', 'told', 'indirect', 'it would take time to fix', via='the Commons')
row(S, 'Wes Streeting', 'The health secretary', 'added', 'indirect',
    'an extra 40,000 appointments a week had been delivered since July')
row(S, 'Amara Okafor', 'Dr Amara Okafor, an A&E consultant in Leeds', 'said', 'indirect',
    'the pressure on emergency departments was the worst she had seen in 20 years')
row(S, 'Amara Okafor', 'she', 'said', 'direct',
    'Some of my patients have waited three days for a bed. That is not safe, and everybody knows it,')
row(S, 'Department of Health and Social Care spokesperson', 'A Department of Health and Social Care spokesperson', 'said', 'direct',
    'We are determined to cut waiting lists and have set out a plan to deliver 2 million more operations, scans and appointments.')

# ------------------------------------------------------------ sport, UK, mixed quote styles, embedded post
S = 'h03_sport_cup_upset.txt'
art(S, """Harlow Athletic boss Mendes hails ‘perfect night’ after cup upset

By Tom Fairley
Saturday 8 March 2025 22:41

Harlow Athletic manager Rui Mendes said his side had produced “the perfect night” after they knocked Premier League Westbridge out of the FA Cup with a 2-1 win at a rain-soaked Fenby Road.

The National League club came from a goal down, with striker Kwame Asante scoring twice in the final 15 minutes.

"I told the players at half-time that nobody remembers the team that was brave for 45 minutes," Mendes told BBC Sport. "They were brave for 90, and that's why we're in the quarter-final."

Asante, who works part-time as a plumber, said he had barely slept since the draw was made. "My phone hasn't stopped," the 27-year-old said. "My mum is going to cry when she sees this."

What a night at Fenby Road!!! Quarter-finals here we come 💚 #HarlowTillIDie pic.twitter.com/x1Yq7ZtR2
— Harlow Athletic FC (@HarlowAthFC) March 8, 2025

Westbridge head coach Anders Lindqvist accepted that his team had been "second best for long spells" and apologised to the travelling supporters.

"We can't hide from it," Lindqvist said. "It's embarrassing."

The club said in a statement that it would refund supporters who had travelled to the game.

Earlier, Harlow Athletic Women captain Jess Whitaker watched from the stands. Whitaker, who scored in her own side's league win on Sunday, said the men's result would "inspire every kid in this town".

Asked whether she hoped for a home draw, she said: "Anyone at home. We'll take them all."

Harlow will learn their quarter-final opponents when the draw is made on Monday evening.

Watch highlights on BBC iPlayer and follow live text coverage on the BBC Sport website.
""")
row(S, 'Rui Mendes', 'Harlow Athletic manager Rui Mendes', 'said', 'mixed',
    'his side had produced “the perfect night” after they knocked Premier League Westbridge out of the FA Cup with a 2-1 win at a rain-soaked Fenby Road')
row(S, 'Rui Mendes', 'Mendes', 'told', 'direct',
    'I told the players at half-time that nobody remembers the team that was brave for 45 minutes,', via='BBC Sport')
row(S, 'Rui Mendes', 'Mendes', 'told', 'direct', "They were brave for 90, and that's why we're in the quarter-final.", via='BBC Sport')
row(S, 'Kwame Asante', 'Asante', 'said', 'indirect', 'he had barely slept since the draw was made')
row(S, 'Kwame Asante', 'the 27-year-old', 'said', 'direct', "My phone hasn't stopped,")
row(S, 'Kwame Asante', 'the 27-year-old', 'said', 'direct', 'My mum is going to cry when she sees this.')
row(S, 'Anders Lindqvist', 'Westbridge head coach Anders Lindqvist', 'accepted', 'mixed',
    'his team had been "second best for long spells"')
row(S, 'Anders Lindqvist', 'Lindqvist', 'said', 'direct', "We can't hide from it,")
row(S, 'Anders Lindqvist', 'Lindqvist', 'said', 'direct', "It's embarrassing.")
row(S, 'Westbridge', 'The club', 'said', 'indirect', 'it would refund supporters who had travelled to the game', medium='statement')
row(S, 'Jess Whitaker', 'Whitaker', 'said', 'mixed', 'the men\'s result would "inspire every kid in this town"')
row(S, 'Jess Whitaker', 'she', 'said', 'direct', "Anyone at home. We'll take them all.")

# ------------------------------------------------------------ tech, US, dateline with em dash, related links
S = 'h04_tech_chip_launch.txt'
art(S, """Lumora unveils cheaper AI chip, takes aim at Nvidia

By Priya Raman | Published March 18, 2025 at 11:02 a.m. PT

SAN JOSE, Calif. — Lumora Inc. on Tuesday unveiled a new data-center chip, saying it could run large AI models at half the cost of rival hardware.

The chip, called Halcyon, will ship to cloud customers in the third quarter, the company said in a blog post.

"For the last three years, the industry has been limited by what one supplier could make," Lumora chief executive Dana Whitcombe said at the company's developer conference. "Halcyon changes that."

Whitcombe said three of the five largest cloud providers had already signed agreements to test the chip, though she declined to name them.

Lumora shares rose 6% in afternoon trading.

Analysts were more cautious. Bernstein analyst Mark Liu wrote in a note to clients that Lumora's software tools still lagged "by a wide margin" and that customers would be slow to switch.

Lumora spent $1.9 billion on research and development last year, up 40% from 2023, according to its annual report.

Nvidia declined to comment.

Related: How the AI chip shortage reshaped Silicon Valley

Related: Lumora's founder on why she left Intel

The company also said it would open a design center in Austin, Texas, employing about 600 engineers.

"We're not trying to win every workload," Whitcombe told The Verge in an interview after the keynote. "We're trying to win the ones that matter most to our customers."

Have a tip? Contact the reporter securely on Signal.
""")
row(S, 'Lumora Inc.', 'Lumora Inc.', 'saying', 'indirect', 'it could run large AI models at half the cost of rival hardware')
row(S, 'Lumora Inc.', 'the company', 'said', 'indirect',
    'The chip, called Halcyon, will ship to cloud customers in the third quarter', medium='blog post')
row(S, 'Dana Whitcombe', 'Lumora chief executive Dana Whitcombe', 'said', 'direct',
    'For the last three years, the industry has been limited by what one supplier could make,')
row(S, 'Dana Whitcombe', 'Lumora chief executive Dana Whitcombe', 'said', 'direct', 'Halcyon changes that.')
row(S, 'Dana Whitcombe', 'Whitcombe', 'said', 'indirect',
    'three of the five largest cloud providers had already signed agreements to test the chip')
row(S, 'Mark Liu', 'Bernstein analyst Mark Liu', 'wrote', 'mixed',
    'Lumora\'s software tools still lagged "by a wide margin"', medium='note')
row(S, 'Mark Liu', 'Bernstein analyst Mark Liu', 'wrote', 'indirect', 'customers would be slow to switch', medium='note')
row(S, 'Lumora Inc.', 'its annual report', 'according to', 'indirect',
    'Lumora spent $1.9 billion on research and development last year, up 40% from 2023')
row(S, 'Lumora Inc.', 'The company', 'said', 'indirect',
    'it would open a design center in Austin, Texas, employing about 600 engineers')
row(S, 'Dana Whitcombe', 'Whitcombe', 'told', 'direct', "We're not trying to win every workload,",
    medium='interview', via='The Verge')
row(S, 'Dana Whitcombe', 'Whitcombe', 'told', 'direct', "We're trying to win the ones that matter most to our customers.")

# ------------------------------------------------------------ local government, US, curly quotes, photo credit
S = 'h05_local_tax_vote.txt'
art(S, """Millbrook County board approves 4% property tax increase

MILLBROOK, Ore. — The Millbrook County Board of Commissioners voted 3-2 Tuesday night to raise property taxes by 4%, the first increase in nearly a decade.

Board Chair Linda Ferreira said the county had run out of options after two years of rising costs for road repair and emergency services. “We cut where we could,” Ferreira said. “What’s left are the things people call 911 for.”

Commissioner Tom Hadley, one of two members who voted against the measure, said the board should have waited for a state audit due in the spring.

“Asking families to pay more before we know where the money went is backwards,” Hadley said.

The county’s budget director, Marcus Bell, told commissioners that without the increase the sheriff’s office would have to cut 14 deputy positions.

Several residents spoke during the public comment period, which stretched past 10 p.m. Retired teacher Elaine Dorsey said she supported the increase but wanted the money “spent where we can see it.”

Another resident, who gave only his first name, Rob, said he would “remember this in November.”

The increase will add about $96 a year to the tax bill on a median-priced home, according to county estimates.

Sheriff Dwayne Pratt said in an email that he was “grateful” for the vote.

(Photo: Commissioners listen to public comment on Tuesday. Credit: Jordan Hayes/Millbrook Tribune)

Sign up for the Tribune’s daily newsletter.

© 2025 Millbrook Tribune
""")
row(S, 'Linda Ferreira', 'Board Chair Linda Ferreira', 'said', 'indirect',
    'the county had run out of options after two years of rising costs for road repair and emergency services')
row(S, 'Linda Ferreira', 'Ferreira', 'said', 'direct', 'We cut where we could,')
row(S, 'Linda Ferreira', 'Ferreira', 'said', 'direct', 'What’s left are the things people call 911 for.')
row(S, 'Tom Hadley', 'Commissioner Tom Hadley', 'said', 'indirect', 'the board should have waited for a state audit due in the spring')
row(S, 'Tom Hadley', 'Hadley', 'said', 'direct', 'Asking families to pay more before we know where the money went is backwards,')
row(S, 'Marcus Bell', 'The county’s budget director, Marcus Bell', 'told', 'indirect',
    'without the increase the sheriff’s office would have to cut 14 deputy positions', via='commissioners')
row(S, 'Elaine Dorsey', 'Retired teacher Elaine Dorsey', 'said', 'mixed',
    'she supported the increase but wanted the money “spent where we can see it.”')
row(S, 'Rob', 'Another resident, who gave only his first name, Rob', 'said', 'mixed', 'he would “remember this in November.”')
row(S, 'county estimates', 'county estimates', 'according to', 'indirect',
    'The increase will add about $96 a year to the tax bill on a median-priced home')
row(S, 'Dwayne Pratt', 'Sheriff Dwayne Pratt', 'said', 'mixed', 'he was “grateful” for the vote', medium='email')

# ------------------------------------------------------------ foreign affairs, AP dateline, caption, they, state media
S = 'h06_foreign_odesa_strike.txt'
art(S, """Drone strike on Odesa port kills 3, Ukraine says

KYIV, Ukraine (AP) — A Russian drone attack on the port of Odesa overnight killed three people and damaged a grain terminal, Ukrainian officials said Saturday.

Firefighters work at the site of a drone strike in Odesa, Ukraine, Saturday, Nov. 16, 2024. (AP Photo/Libkos)

The regional governor, Oleh Kiper, said on Telegram that two of the dead were port workers and that a fire at the terminal had been put out by morning.

Ukraine’s air force said it had shot down 31 of the 46 drones launched by Russia overnight. It added that the rest were “lost” to electronic jamming.

Russian state media reported that the strikes had targeted “military infrastructure” used to store Western-supplied weapons. Ukrainian officials rejected that account. They said the terminal held only sunflower oil and corn destined for Egypt.

Kremlin spokesman Dmitry Peskov told reporters in Moscow that Russia remained open to talks “on the basis of the realities on the ground.”

A senior Western diplomat, who spoke on condition of anonymity because they were not authorized to discuss private talks, said European governments were preparing a new package of air defense aid. The diplomat said the package could be announced as early as next week.

Ukrainian President Volodymyr Zelenskyy said in his nightly video address that Russia was trying to “starve the world to pressure Ukraine.”

“Every port we keep open is bread on someone’s table,” he said.

___

Follow AP’s coverage of the war in Ukraine at https://apnews.com/hub/russia-ukraine
""")
row(S, 'Ukraine', 'Ukraine', 'says', 'indirect', 'Drone strike on Odesa port kills 3')
row(S, 'Ukrainian officials', 'Ukrainian officials', 'said', 'indirect',
    'A Russian drone attack on the port of Odesa overnight killed three people and damaged a grain terminal')
row(S, 'Oleh Kiper', 'The regional governor, Oleh Kiper', 'said', 'indirect', 'two of the dead were port workers', medium='Telegram')
row(S, 'Oleh Kiper', 'The regional governor, Oleh Kiper', 'said', 'indirect',
    'a fire at the terminal had been put out by morning', medium='Telegram')
row(S, 'Ukraine’s air force', 'Ukraine’s air force', 'said', 'indirect', 'it had shot down 31 of the 46 drones launched by Russia overnight')
row(S, 'Ukraine’s air force', 'It', 'added', 'mixed', 'the rest were “lost” to electronic jamming')
row(S, 'Russian state media', 'Russian state media', 'reported', 'mixed',
    'the strikes had targeted “military infrastructure” used to store Western-supplied weapons')
row(S, 'Ukrainian officials', 'They', 'said', 'indirect', 'the terminal held only sunflower oil and corn destined for Egypt')
row(S, 'Dmitry Peskov', 'Kremlin spokesman Dmitry Peskov', 'told', 'mixed',
    'Russia remained open to talks “on the basis of the realities on the ground.”', via='reporters')
row(S, 'senior Western diplomat', 'A senior Western diplomat', 'said', 'indirect',
    'European governments were preparing a new package of air defense aid')
row(S, 'senior Western diplomat', 'The diplomat', 'said', 'indirect', 'the package could be announced as early as next week')
row(S, 'Volodymyr Zelenskyy', 'Ukrainian President Volodymyr Zelenskyy', 'said', 'mixed',
    'Russia was trying to “starve the world to pressure Ukraine.”', medium='video address')
row(S, 'Volodymyr Zelenskyy', 'he', 'said', 'direct', 'Every port we keep open is bread on someone’s table,')

# ------------------------------------------------------------ business wire press release, straight quotes, disclaimers
S = 'h07_wire_funding_release.txt'
art(S, """Greenfield Robotics Raises $85 Million Series C to Expand Warehouse Automation Platform

News provided by Greenfield Robotics

Mar 04, 2025, 08:00 ET

PITTSBURGH, March 4, 2025 /PRNewswire/ -- Greenfield Robotics, a maker of autonomous picking systems for warehouses, today announced that it has raised $85 million in a Series C funding round led by Northgate Capital, with participation from existing investors.

The company said the funding would be used to double its engineering team and to open a European headquarters in Rotterdam in 2026.

"Labor shortages are not a temporary problem for our customers, they are the new normal," said Alicia Moreno, co-founder and chief executive officer of Greenfield Robotics. "This investment lets us put our robots into hundreds more facilities over the next two years."

"Greenfield has shown that robotic picking can pay for itself in under 18 months," said Samuel Osei, a partner at Northgate Capital, who will join Greenfield's board of directors. "We see a very large market ahead."

According to the company, its systems are now deployed in 140 warehouses across North America.

About Greenfield Robotics

Greenfield Robotics builds AI-powered robots that help warehouses pick, pack and ship orders faster. Founded in 2019, the company is headquartered in Pittsburgh. For more information, visit www.greenfieldrobotics.com.

Forward-Looking Statements

This press release contains forward-looking statements that involve risks and uncertainties. Actual results may differ materially from those expressed or implied in such statements.

Media Contact:
Jordan Lee
press@greenfieldrobotics.com

SOURCE Greenfield Robotics
""")
row(S, 'Greenfield Robotics', 'Greenfield Robotics', 'announced', 'indirect',
    'it has raised $85 million in a Series C funding round led by Northgate Capital, with participation from existing investors')
row(S, 'Greenfield Robotics', 'The company', 'said', 'indirect',
    'the funding would be used to double its engineering team and to open a European headquarters in Rotterdam in 2026')
row(S, 'Alicia Moreno', 'Alicia Moreno', 'said', 'direct',
    'Labor shortages are not a temporary problem for our customers, they are the new normal,')
row(S, 'Alicia Moreno', 'Alicia Moreno', 'said', 'direct',
    'This investment lets us put our robots into hundreds more facilities over the next two years.')
row(S, 'Samuel Osei', 'Samuel Osei', 'said', 'direct', 'Greenfield has shown that robotic picking can pay for itself in under 18 months,')
row(S, 'Samuel Osei', 'Samuel Osei', 'said', 'direct', 'We see a very large market ahead.')
row(S, 'Greenfield Robotics', 'the company', 'according to', 'indirect',
    'its systems are now deployed in 140 warehouses across North America')

# ------------------------------------------------------------ live blog, UK, timestamps, embedded post
S = 'h08_liveblog_budget.txt'
art(S, """Budget 2025 live: Reeves unveils £20bn tax rise as borrowing forecast worsens

Key events
1h ago Reeves confirms fuel duty freeze
2h ago Business groups react to national insurance rise

13:52 GMT

Reeves: ‘We will not return to austerity’

Rachel Reeves has told MPs that the government “will not return to austerity” and that day-to-day departmental spending will rise in real terms every year of the parliament.

The chancellor said the Office for Budget Responsibility now expects growth of 1.1% this year, down from 2% forecast in March.

13:31 GMT

Opposition reaction

Mel Stride, the shadow chancellor, said the budget was “a tax raid on working people dressed up as investment”.

“They promised not to raise taxes on working people. Today they broke that promise,” he told reporters in the Commons lobby.

13:05 GMT

Big rise in employer NICs. Hard to see how this doesn't hit workers' pay eventually. More analysis to follow.
— Paul Johnson (@PJTheEconomist) October 30, 2025

12:48 GMT

Business groups cautious

The Confederation of British Industry warned that the increase in employer national insurance contributions would “make it harder to hire”. Its chief executive, Rain Newton-Smith, said firms had been “braced for bad news, and that is what they got”.

The Federation of Small Businesses said the rise in the employment allowance would protect the smallest employers.

12:30 GMT

Markets steady

Gilt yields were little changed as Reeves spoke. Analysts at Capital Economics said the borrowing numbers were “larger than the market expected” but not alarming.

Updated at 13.55 GMT
""")
row(S, 'Rachel Reeves', 'Reeves', ':', 'direct', 'We will not return to austerity')
row(S, 'Rachel Reeves', 'Rachel Reeves', 'has told', 'mixed', 'the government “will not return to austerity”', via='MPs')
row(S, 'Rachel Reeves', 'Rachel Reeves', 'has told', 'indirect',
    'day-to-day departmental spending will rise in real terms every year of the parliament', via='MPs')
row(S, 'Rachel Reeves', 'The chancellor', 'said', 'indirect',
    'the Office for Budget Responsibility now expects growth of 1.1% this year, down from 2% forecast in March')
row(S, 'Mel Stride', 'Mel Stride, the shadow chancellor', 'said', 'mixed',
    'the budget was “a tax raid on working people dressed up as investment”')
row(S, 'Mel Stride', 'he', 'told', 'direct',
    'They promised not to raise taxes on working people. Today they broke that promise,', via='reporters')
row(S, 'Confederation of British Industry', 'The Confederation of British Industry', 'warned', 'mixed',
    'the increase in employer national insurance contributions would “make it harder to hire”')
row(S, 'Rain Newton-Smith', 'Its chief executive, Rain Newton-Smith', 'said', 'mixed',
    'firms had been “braced for bad news, and that is what they got”')
row(S, 'Federation of Small Businesses', 'The Federation of Small Businesses', 'said', 'indirect',
    'the rise in the employment allowance would protect the smallest employers')
row(S, 'Analysts at Capital Economics', 'Analysts at Capital Economics', 'said', 'mixed',
    'the borrowing numbers were “larger than the market expected” but not alarming')

# ------------------------------------------------------------ op-ed quoting others, straight quotes, the author's own views
S = 'h09_oped_car_free.txt'
art(S, """Opinion | Our cities are banning cars from downtown. Good.

By Marcus Holloway
Marcus Holloway is a columnist and the author of "Streets for People."

The views expressed in this commentary are the author's own.

I have lived in three cities that tried to close their centers to cars, and in each one the predictions of doom were the same. Shops would close. Property values would fall. Nobody would come.

None of it happened. When Ghent closed its center to through traffic in 2017, the city's mobility councillor, Filip Watteeuw, received death threats. "Even the shopkeepers who fought us would not go back," he told me last month.

The evidence has been piling up for years. A 2019 study by researchers at University College London found that pedestrians and cyclists spend up to 40% more per month in local shops than drivers do.

Yet the opposition persists. "People need their cars to get to work, and this is a war on the working class," said Councilman Frank DiNapoli of Springfield, who is leading a campaign against his city's plan. He has argued that the ban would "turn downtown into a ghost town."

I understand the fear. But as the urbanist Jane Jacobs wrote more than 60 years ago, "Cities have the capability of providing something for everybody, only because, and only when, they are created by everybody."

Springfield's mayor, Angela Ruiz, put it more bluntly when I spoke with her last week. "We already tried building the city around parking lots," she said. "Look how that turned out."

The city council votes on the plan next month. It should pass it.

Marcus Holloway's column appears every other Sunday. Follow him on X @mholloway.
""")
row(S, 'Filip Watteeuw', 'he', 'told', 'direct', 'Even the shopkeepers who fought us would not go back,')
row(S, 'researchers at University College London', 'A 2019 study by researchers at University College London', 'found', 'indirect',
    'pedestrians and cyclists spend up to 40% more per month in local shops than drivers do')
row(S, 'Frank DiNapoli', 'Councilman Frank DiNapoli of Springfield', 'said', 'direct',
    'People need their cars to get to work, and this is a war on the working class,')
row(S, 'Frank DiNapoli', 'He', 'has argued', 'mixed', 'the ban would "turn downtown into a ghost town."')
row(S, 'Jane Jacobs', 'the urbanist Jane Jacobs', 'wrote', 'direct',
    'Cities have the capability of providing something for everybody, only because, and only when, they are created by everybody.')
row(S, 'Angela Ruiz', 'she', 'said', 'direct', 'We already tried building the city around parking lots,')
row(S, 'Angela Ruiz', 'she', 'said', 'direct', 'Look how that turned out.')

with open(os.path.join(HERE, 'gold.json'), 'w', encoding='utf-8') as f:
    json.dump(rows, f, indent=1, ensure_ascii=False)
    f.write('\n')
print(len(arts), 'articles,', len(rows), 'rows')
