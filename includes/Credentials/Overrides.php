<?php
/**
 * Settings fixed outside the screen, as CoCart's consumer-keys guide recommends: COCART_API_URL,
 * COCART_CONSUMER_KEY and COCART_CONSUMER_SECRET as wp-config.php constants or environment variables. A constant
 * wins over an environment variable; either wins over the saved value and locks the field on the screen.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Credentials;

final class Overrides {

	public const NAMES = array(
		'store_url'       => 'COCART_API_URL',
		'consumer_key'    => 'COCART_CONSUMER_KEY',
		'consumer_secret' => 'COCART_CONSUMER_SECRET',
	);

	/** @var callable(string):?string */
	private $constant;

	/** @var callable(string):?string */
	private $environment;

	/**
	 * @param callable|null $constant    name → value or null (default: defined()/constant()). Tests inject one,
	 *                                   since a constant cannot be undefined again.
	 * @param callable|null $environment name → value or null (default: getenv()).
	 */
	public function __construct( ?callable $constant = null, ?callable $environment = null ) {
		$this->constant    = $constant ?? static function ( string $name ): ?string {
			return defined( $name ) && is_scalar( constant( $name ) ) ? (string) constant( $name ) : null;
		};
		$this->environment = $environment ?? static function ( string $name ): ?string {
			$value = getenv( $name );
			return is_string( $value ) ? $value : null;
		};
	}

	/**
	 * The override for a field, or null.
	 *
	 * @return array{value:string,source:string,name:string}|null source: 'constant' | 'environment'
	 */
	public function get( string $field ): ?array {
		if ( ! isset( self::NAMES[ $field ] ) ) {
			return null;
		}
		$name  = self::NAMES[ $field ];
		$value = ( $this->constant )( $name );
		if ( null !== $value && '' !== trim( $value ) ) {
			return array(
				'value'  => trim( $value ),
				'source' => 'constant',
				'name'   => $name,
			);
		}
		$value = ( $this->environment )( $name );
		if ( null !== $value && '' !== trim( $value ) ) {
			return array(
				'value'  => trim( $value ),
				'source' => 'environment',
				'name'   => $name,
			);
		}
		return null;
	}
}
