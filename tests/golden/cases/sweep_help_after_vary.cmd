sweep --vary settle.guarantee.strength=0:1:2 --help
