// A hand-written plan covering every section type, for the shared tests (shared cannot use templates).
import type { Plan } from './model'

export function samplePlan(): Plan {
  return {
    format: 'circleboard-plan',
    version: 1,
    board: { name: "J's PATH <script>", exportedAt: '2027-01-20T12:00:00.000Z' },
    sessionDate: '2027-01-12',
    reviewDate: '2027-04-13',
    sections: [
      {
        template: 'path',
        instanceId: 'p1',
        title: 'PATH',
        dream: { text: 'A life with my own friends', items: [{ text: 'A life with my own friends', shapeId: 'shape:a' }] },
        goal: { text: 'I work two days a week', items: [{ text: 'I work two days a week', votes: 5 }] },
        now: { text: 'At home all week\nAnxious in the evenings', items: [{ text: 'At home all week' }, { text: 'Anxious in the evenings' }] },
        enrol: [
          { person: 'The bus driver', asks: 'Dad', votes: 2 },
          { person: 'Café owner', asks: 'Liz' },
        ],
        gettingStronger: [{ text: 'Keep Saturday rugby', votes: 1 }],
        actions: {
          threeMonths: [{ what: 'Trial shifts at the café', who: 'Liz', when: 'March', dueDate: '2027-03-31', status: 'todo', votes: 4 }],
          oneMonth: [{ what: 'Visit the café, with "Sam"', who: 'Sam', when: '15 Jan', dueDate: '2027-01-15', status: 'doing' }],
          firstStep: [{ what: '=HYPERLINK("http://evil")', who: '@Liz', when: 'Friday', status: 'done' }],
        },
      },
      {
        template: '7keys',
        instanceId: 'k1',
        title: '7 Keys to Citizenship',
        person: [{ text: 'J' }],
        keys: [{ key: 'money', label: 'Money', working: [{ text: 'Saves a bit' }], notWorking: [], nextSteps: [{ what: 'Open bank account', who: 'Mum', when: '', status: 'todo' }] }],
      },
      {
        template: 'community',
        instanceId: 'c1',
        title: 'Community strength',
        person: [],
        assets: { my: [{ text: 'Sam' }], our: [{ text: 'The library' }], the: [] },
        bumpingSpaces: [{ text: 'Bus 42' }],
        treasure: { peopleIKnow: [{ text: 'Knows the café owner', offeredBy: 'Sam', votes: 3 }], passions: [], skills: [], wantToLearn: [] },
        shareSwapGive: [],
        connections: [{ what: 'Introduce J to the rugby club', who: 'Dad', when: 'next week', status: 'todo' }],
      },
      {
        template: 'silos',
        instanceId: 's1',
        title: 'Silos',
        silos: [
          { id: 'silo1', name: 'Health', offers: [{ text: 'GP' }], barriers: [{ text: 'Waiting list' }] },
          { id: 'silo2', name: 'Housing', offers: [], barriers: [] },
        ],
        person: [],
        bridges: [{ from: 'Health', to: 'Housing', label: 'Shared assessment', fromZoneId: 'silo1', toZoneId: 'silo2' }],
      },
    ],
    elsewhere: [{ text: 'Parking lot idea' }],
  }
}

/** A hand-written plan with the later bespoke section types (connections, TO/FOR/WITH/BY, gifts, interest to action). */
export function moreMethodsPlan(): Plan {
  return {
    format: 'circleboard-plan',
    version: 1,
    board: { name: 'Community workshop', exportedAt: '2027-01-20T12:00:00.000Z' },
    sessionDate: '2027-01-12',
    sections: [
      {
        template: 'connections',
        instanceId: 'cx1',
        title: 'Connections: people, places and opportunities',
        person: [{ text: 'J' }],
        people: [{ text: 'The bus driver', shapeId: 'shape:d' }],
        places: [{ text: 'The pub', shapeId: 'shape:p' }],
        interests: [{ text: 'The quiz team', shapeId: 'shape:q' }, { text: '*Rugby* club', shapeId: 'shape:r' }],
        chains: [
          {
            steps: [
              { text: 'The bus driver', zoneId: 'people', shapeId: 'shape:d' },
              { text: 'The pub', zoneId: 'places', label: 'invites him to', shapeId: 'shape:p', arrowShapeId: 'shape:a1' },
              { text: 'The quiz team', zoneId: 'interests', label: '', shapeId: 'shape:q', arrowShapeId: 'shape:a2' },
              { text: '*Rugby* club', zoneId: 'interests', label: 'supporters of', shapeId: 'shape:r', arrowShapeId: 'shape:a3' },
            ],
          },
        ],
        toMake: [{ what: 'Introduce J to the quiz captain', who: 'Sam', when: 'Thursday', status: 'todo' }],
      },
      {
        template: 'toForWithBy',
        instanceId: 't1',
        title: 'TO / FOR / WITH / BY',
        to: [{ text: 'Day centre' }],
        for: [{ text: 'Lunch club', shapeId: 'shape:l' }],
        with: [],
        by: [{ text: 'Tenants’ garden' }],
        moves: [
          { from: 'Doing FOR', to: 'Doing WITH', initiative: 'Lunch club', label: 'members run it', fromZoneId: 'for', toZoneId: 'with', itemShapeId: 'shape:l', shapeId: 'shape:m1' },
          { from: 'Doing TO', to: 'Done BY', initiative: '=cmd()', label: '=cmd()', fromZoneId: 'to', toZoneId: 'by' },
        ],
      },
      {
        template: 'gifts',
        instanceId: 'g1',
        title: 'Gifts of the head, heart and hands',
        person: [{ text: 'Our group' }],
        head: [{ text: 'Knows every bus route', offeredBy: 'J' }],
        heart: [{ text: 'Cares about animals' }],
        hands: [{ text: 'Fixes bikes', offeredBy: 'Sam', votes: 2 }],
        share: [{ what: 'Ask the repair café', who: 'Liz', when: 'Friday', dueDate: '2027-01-15', status: 'doing' }],
      },
      {
        template: 'interestToAction',
        instanceId: 'i1',
        title: 'From interest to action',
        rows: [
          {
            row: 'row1',
            interest: [{ text: 'Rugby' }],
            group: [{ text: 'Saturday supporters club' }],
            support: [{ text: 'Dad goes along' }],
            member: [],
            partner: [],
            actions: [{ what: 'Go to the first match', who: 'Dad', when: 'Saturday', status: 'todo' }],
          },
          { row: 'row2', interest: [], group: [], support: [], member: [], partner: [{ text: 'Library' }], actions: [] },
        ],
      },
    ],
  }
}
