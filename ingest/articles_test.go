package ingest

// Articles written for these tests, with people, outlets and phrasings that the seed
// articles do not have: they check that the rules generalise.

const articleRecall = `Acme shares slump after recall

Acme Corp. said on Tuesday that it would recall 40,000 electric scooters after reports of battery fires.

"Safety is our first priority," Chief Executive Maria Lopez told Reuters in an interview. "We moved as soon as we understood the scale of the problem."

Lopez, who took over the company in 2021, said the recall would cost about $12 million.

The U.S. Consumer Product Safety Commission (CPSC) said it had received 23 reports of fires, including two that caused minor burns.

According to the agency, owners should stop using the scooters immediately.

Analysts at Northbridge Securities wrote in a note to clients that the recall was "manageable but embarrassing."

A spokesperson for the company declined to comment on whether suppliers would share the cost.

"We are reviewing our options," the company said in an emailed statement.

Photo: Acme scooters on display in Chicago.
`

const articleSenate = `Senate passes stopgap bill hours before shutdown deadline

WASHINGTON — The Senate voted 71-29 on Friday to fund the government through March, sending the measure to President Jane Whitfield, who said she would sign it.

"This is not the bill I would have written, but it keeps the lights on," Senate Majority Leader Tom Becker said on the chamber floor. "Nobody wins a shutdown."

Sen. Laura Kim, a Democrat from Oregon, called the measure "a Band-Aid on a broken leg" and warned that another standoff was likely in the spring.

"We have been here before," she said, "and we will be here again."

The White House Office of Management and Budget said in a statement that agencies had begun preparing for an orderly shutdown before the vote.

Becker's office did not respond to a request for comment.

"The American people deserve better than governing by deadline.

"We need a real budget process, and we need it now," Becker wrote in a letter to colleagues on Thursday.

Budget experts say the repeated stopgaps are costly. The Congressional Budget Office estimated last year that short-term funding bills had cost agencies billions in delays, according to a report published by the Government Accountability Office.
`

const articleKremlin = `Kremlin says talks with Kyiv 'not on the agenda'

• Russia denies targeting civilian infrastructure
• Ukraine says 14 drones shot down overnight

Smoke rises after a strike on an energy facility near Kharkiv, Ukraine, March 3, 2025. — AFP

MOSCOW/KYIV, March 4 (Reuters) - The Kremlin said on Tuesday there were no plans for peace talks with Ukraine.

Kremlin spokesman Dmitry Peskov told reporters that "the conditions for negotiations do not exist at the moment."

Ukraine's air force said it had shot down 14 of 18 drones launched by Russia. Russia's Defence Ministry said its forces had destroyed 22 Ukrainian drones over the Belgorod and Kursk regions.

The ministry did not say whether there were casualties.

Ukrainian President Volodymyr Zelensky, speaking at a news conference in Kyiv, accused Moscow of "deliberately terrorising" civilians. "They are hitting our power plants because they cannot win on the battlefield," he said.

The claims could not be independently verified.

Moscow has repeatedly denied targeting civilians.

Mr. Peskov added that President Vladimir Putin was "open to contacts" but would not accept preconditions.
`

const articleStudy = `A new study suggests that daily walks may cut the risk of heart disease by a third.

The research, published Wednesday in the journal Circulation, followed 12,000 adults for a decade. People who walked at least 30 minutes a day had 33% fewer cardiac events, the authors reported.

"It's a striking effect for something so simple," said Dr. Amir Haddad, a cardiologist at St. Mary's Hospital who was not involved in the study. "Patients always ask me, 'What's the one thing I should do?' Now I have an answer."

Haddad cautioned that the study was observational and could not prove cause and effect.

According to the American Heart Association, fewer than half of U.S. adults get the recommended amount of exercise.

The lead author, Professor Helen Park of the University of Leeds, said her team was now planning a randomised trial.
`

const articleStriker = `Star striker leaves club after contract row

Football club Riverton United said on Monday that forward Sam Okafor had left the club "by mutual consent."

Okafor, 27, wrote on Instagram that he was "proud of every minute" at the club and thanked the fans.

Two people familiar with the negotiations told The Athletic that the player had rejected a reduced offer in January.

The club's owner, billionaire Karl Jensen, was quoted by the Daily Post as saying the decision was "purely financial."

"I wish Sam nothing but success," Jensen said. "He will always be part of our history."

Manager Elena Ruiz did not comment on the departure at a news conference on Friday, saying only: "My focus is on Saturday's game."
`

const articleProtest = `Protesters clash with police in capital

Police said 23 people were arrested after demonstrators set fire to cars near parliament on Saturday night.

"The situation is under control," Interior Minister Ahmed Farouk told state television. He said security forces had used tear gas "only as a last resort."

Opposition leader Nadia Benali accused the government of "crushing dissent" and said: "We will be back on the streets next week."

Witnesses told AFP that officers fired rubber bullets at the crowd. The ministry denied that, saying no rubber bullets had been used.

The protests began after the government announced fuel price rises of up to 40 percent, which it says are needed to secure an IMF loan.

"Nobody asked us," said Karim, a 34-year-old taxi driver who declined to give his surname. "They decide, we pay."
`

const articleLaunch = `Tech giant unveils AI model

SAN FRANCISCO (AP) -- Nimbus Labs on Wednesday released a new artificial intelligence model that it claims can write software faster than human engineers.

"This changes how every developer will work," CEO Priya Raman said during a livestreamed event. "We think it's the biggest leap since the smartphone."

But some researchers were skeptical. "Benchmarks are not the real world," said Tom Okoye, a computer scientist at Stanford University. He noted that the company had not published its test data.

The company's shares rose 6% on the news, the Financial Times reported, citing people close to the firm.

In a blog post, Nimbus said the model had been tested for safety by outside experts.

The minister said: "We will not back down.

"Every family deserves a home, and we will build them."
`

// benchArticle stands in for a seed article when the shared seeds are absent.
const benchArticle = articleSenate + "\n\n" + articleKremlin
