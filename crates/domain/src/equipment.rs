//! Equipment a user may have and exercises may need.

use crate::macros::wire_enum;

wire_enum! {
    /// A piece of equipment. An exercise lists every piece it needs.
    pub enum Equipment {
        Barbell => "barbell",
        Dumbbell => "dumbbell",
        Kettlebell => "kettlebell",
        Cable => "cable",
        Machine => "machine",
        SmithMachine => "smith_machine",
        EzBar => "ez_bar",
        TrapBar => "trap_bar",
        PullupBar => "pullup_bar",
        DipStation => "dip_station",
        Bench => "bench",
        Rack => "rack",
        Bands => "bands",
        Rings => "rings",
        MedicineBall => "medicine_ball",
        CardioMachine => "cardio_machine",
        Bodyweight => "bodyweight",
    }
}

impl Equipment {
    /// A full commercial gym: every piece (the default for new users).
    pub fn commercial_gym() -> Vec<Equipment> {
        Equipment::ALL.to_vec()
    }

    /// A typical home gym.
    pub fn home_gym() -> Vec<Equipment> {
        vec![
            Equipment::Barbell,
            Equipment::Dumbbell,
            Equipment::Kettlebell,
            Equipment::PullupBar,
            Equipment::Bench,
            Equipment::Rack,
            Equipment::Bands,
            Equipment::Bodyweight,
        ]
    }

    /// Bodyweight only (nothing but the floor, a wall and a door frame).
    pub fn bodyweight_only() -> Vec<Equipment> {
        vec![Equipment::Bodyweight]
    }
}
