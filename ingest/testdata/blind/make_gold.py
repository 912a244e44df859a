#!/usr/bin/env python3
"""Writes a second held-out set (articles/*.txt, gold.json) in the format of
shared/eval/seed-attributions.json, with the conventions of ../heldout/make_gold.py.

This set was written after the extractor had been tuned on the auditor's articles and
on ../heldout, and scored once without changing the extractor afterwards: it is the
least optimistic measure of generalisation in the repository (docs/INGEST.md).

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


def row(src, speaker, mention, cue, kind, content, medium=None, via=None):
    b = arts[src].encode('utf-8')
    cb = content.encode('utf-8')
    i = b.find(cb)
    assert i >= 0, (src, content)
    rows.append(dict(source=src, speaker=speaker, mention=mention, cue=cue, kind=kind,
                     content=content, start=i, end=i + len(cb), medium=medium, via=via))


S = 'b01_science_vaccine.txt'
art(S, """New malaria vaccine cuts deaths in children by a third, trial finds

By Ruth Adebayo, Science Editor

A malaria vaccine given to young children in four African countries reduced deaths from the disease by 33 per cent over two years, researchers reported on Wednesday in The Lancet.

The trial, which enrolled 4,800 children in Burkina Faso, Kenya, Mali and Tanzania, was led by Professor Halidou Tinto of the Institut de Recherche en Sciences de la Santé.

“These are the most encouraging results we have seen in a generation,” Tinto said in an interview. “But a vaccine only works if it reaches the children who need it.”

The World Health Organization said it would review the data before deciding whether to recommend the vaccine more widely.

Dr Mary Hamel, who leads the WHO’s malaria vaccine programme, cautioned that supply remained the main obstacle. She said manufacturers could currently produce enough doses for about 10 million children a year.

The vaccine’s maker, Oxbridge Biologics, said it planned to triple production by 2027. A company spokesman declined to say how much each dose would cost.

Image: A health worker prepares a vaccine in Kisumu, Kenya. Credit: Brian Otieno/Reuters
""")
row(S, 'researchers', 'researchers', 'reported', 'indirect',
    'A malaria vaccine given to young children in four African countries reduced deaths from the disease by 33 per cent over two years')
row(S, 'Halidou Tinto', 'Tinto', 'said', 'direct', 'These are the most encouraging results we have seen in a generation,', medium='interview')
row(S, 'Halidou Tinto', 'Tinto', 'said', 'direct', 'But a vaccine only works if it reaches the children who need it.')
row(S, 'World Health Organization', 'The World Health Organization', 'said', 'indirect',
    'it would review the data before deciding whether to recommend the vaccine more widely')
row(S, 'Mary Hamel', 'Dr Mary Hamel', 'cautioned', 'indirect', 'supply remained the main obstacle')
row(S, 'Mary Hamel', 'She', 'said', 'indirect', 'manufacturers could currently produce enough doses for about 10 million children a year')
row(S, 'Oxbridge Biologics', "The vaccine’s maker, Oxbridge Biologics", 'said', 'indirect', 'it planned to triple production by 2027')

S = 'b02_transport_strike.txt'
art(S, """Rail strike to go ahead on Monday after talks collapse

Commuters face a week of disruption after last-ditch talks between the RMT union and train operators broke down on Friday evening.

Mick Lynch, the RMT’s general secretary, said the companies had made “no serious offer” on pay or job security.

“Our members have been more than patient,” he told reporters outside the conciliation service Acas. “They are not going to accept a real-terms pay cut.”

The Rail Delivery Group, which represents the operators, said it was “disappointed” by the decision. A spokesperson for the group said about 40 per cent of services would still run.

Transport Secretary Louise Haigh urged both sides to return to the table. “Passengers deserve better than this,” she said.

Northern Trains said passengers should check before they travel.

Read more: What the strike means for your journey
""")
row(S, 'Mick Lynch', 'Mick Lynch, the RMT’s general secretary', 'said', 'mixed',
    'the companies had made “no serious offer” on pay or job security')
row(S, 'Mick Lynch', 'he', 'told', 'direct', 'Our members have been more than patient,', via='reporters')
row(S, 'Mick Lynch', 'he', 'told', 'direct', 'They are not going to accept a real-terms pay cut.')
row(S, 'Rail Delivery Group', 'The Rail Delivery Group', 'said', 'mixed', 'it was “disappointed” by the decision')
row(S, 'Rail Delivery Group spokesperson', 'A spokesperson for the group', 'said', 'indirect',
    'about 40 per cent of services would still run')
row(S, 'Louise Haigh', 'she', 'said', 'direct', 'Passengers deserve better than this,')
row(S, 'Northern Trains', 'Northern Trains', 'said', 'indirect', 'passengers should check before they travel')

S = 'b03_election_count.txt'
art(S, """SANTIAGO, Chile (AP) — Conservative candidate José Antonio Kast led Chile’s presidential runoff with most ballots counted on Sunday, according to the electoral service.

Kast told supporters in the capital that Chileans had voted “for order and for hope.” His rival, Jeannette Jara, conceded defeat shortly before midnight.

“The people have spoken, and we respect their decision,” Jara said in a speech to her campaign. She added that her coalition would be “a firm but loyal opposition.”

Analysts said high turnout in the north had been decisive. Turnout reached 85% under a law that makes voting compulsory, the electoral service said.

Associated Press writer Patricia Luna contributed to this report.
""")
row(S, 'electoral service', 'the electoral service', 'according to', 'indirect',
    'Conservative candidate José Antonio Kast led Chile’s presidential runoff with most ballots counted on Sunday')
row(S, 'José Antonio Kast', 'Kast', 'told', 'mixed', 'Chileans had voted “for order and for hope.”', via='supporters')
row(S, 'Jeannette Jara', 'Jara', 'said', 'direct', 'The people have spoken, and we respect their decision,', medium='speech')
row(S, 'Jeannette Jara', 'She', 'added', 'mixed', 'her coalition would be “a firm but loyal opposition.”')
row(S, 'Analysts', 'Analysts', 'said', 'indirect', 'high turnout in the north had been decisive')
row(S, 'electoral service', 'the electoral service', 'said', 'indirect', 'Turnout reached 85% under a law that makes voting compulsory')

S = 'b04_retail_earnings.txt'
art(S, """Halberd & Finch profit falls as shoppers cut back

LONDON, Aug 6 (Reuters) - British department store chain Halberd & Finch reported a 12% fall in first-half profit on Tuesday and warned that consumers remained cautious.

Chief Executive Sarah Okonjo said trading in July had been “softer than we would like” but that the group was on track to meet its full-year targets.

"We are not immune to what is happening in people's household budgets," Okonjo told Reuters in a telephone interview. "But our customers are still coming back."

Shares in the company fell 5% by 0900 GMT.

The retailer said it would close six stores next year and open two smaller shops in London. It said no staff would lose their jobs as a result.

"The results were roughly in line with our expectations," said Clara Mendes, an analyst at Peel Hunt.

(Reporting by Tom Wright; Editing by Sharon Singleton)
""")
row(S, 'Halberd & Finch', 'British department store chain Halberd & Finch', 'warned', 'indirect', 'consumers remained cautious')
row(S, 'Sarah Okonjo', 'Chief Executive Sarah Okonjo', 'said', 'mixed', 'trading in July had been “softer than we would like”')
row(S, 'Sarah Okonjo', 'Chief Executive Sarah Okonjo', 'said', 'indirect', 'the group was on track to meet its full-year targets')
row(S, 'Sarah Okonjo', 'Okonjo', 'told', 'direct', "We are not immune to what is happening in people's household budgets,", medium='telephone interview', via='Reuters')
row(S, 'Sarah Okonjo', 'Okonjo', 'told', 'direct', 'But our customers are still coming back.')
row(S, 'Halberd & Finch', 'The retailer', 'said', 'indirect', 'it would close six stores next year and open two smaller shops in London')
row(S, 'Halberd & Finch', 'It', 'said', 'indirect', 'no staff would lose their jobs as a result')
row(S, 'Clara Mendes', 'Clara Mendes', 'said', 'direct', 'The results were roughly in line with our expectations,')

S = 'b05_council_housing.txt'
art(S, """Council pledges 500 new homes after damp report

Bristol City Council has promised to build 500 new council homes over the next five years after an inspection found damp and mould in a fifth of its properties.

Councillor Tony Dyer, the council leader, said the findings were “unacceptable” and apologised to tenants.

“We let people down, and we are going to fix it,” Mr Dyer said.

The Housing Ombudsman said it had received more than 300 complaints about the council last year. It described the response to some of them as “wholly inadequate”.

Tenant Aisha Begum, 34, said her son’s asthma had worsened since they moved into their flat in 2022. “Every winter the walls go black,” she said.

Follow us on Facebook for more local news.
""")
row(S, 'Tony Dyer', 'Councillor Tony Dyer, the council leader', 'said', 'mixed', 'the findings were “unacceptable”')
row(S, 'Tony Dyer', 'Mr Dyer', 'said', 'direct', 'We let people down, and we are going to fix it,')
row(S, 'Housing Ombudsman', 'The Housing Ombudsman', 'said', 'indirect', 'it had received more than 300 complaints about the council last year')
row(S, 'Housing Ombudsman', 'It', 'described', 'mixed', 'the response to some of them as “wholly inadequate”')
row(S, 'Aisha Begum', 'Tenant Aisha Begum, 34', 'said', 'indirect', 'her son’s asthma had worsened since they moved into their flat in 2022')
row(S, 'Aisha Begum', 'she', 'said', 'direct', 'Every winter the walls go black,')

with open(os.path.join(HERE, 'gold.json'), 'w', encoding='utf-8') as f:
    json.dump(rows, f, indent=1, ensure_ascii=False)
    f.write('\n')
print(len(arts), 'articles,', len(rows), 'rows')
