<?php
/**
 * How long this site keeps what the plugin records about its own work: the daily history snapshots and the audit
 * log of deleted carts (and the cleanup's run history, which lives as long as the snapshots). Two options, one
 * each, read here only: the classes that prune the tables daily ask history_days() and audit_days(); the Settings
 * screen edits them through GET/POST cart-sessions/v1/settings, and the privacy-policy text quotes them.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Privacy;

use WP_Error;

final class Retention {

	public const HISTORY_OPTION  = 'cart_sessions_history_retention_days';
	public const AUDIT_OPTION    = 'cart_sessions_audit_retention_days';
	public const HISTORY_DEFAULT = 400;
	public const AUDIT_DEFAULT   = 90;
	public const MIN_DAYS        = 1;
	public const MAX_DAYS        = 3650;

	/** REST field => option, default. */
	public const FIELDS = array(
		'history_retention_days' => array( self::HISTORY_OPTION, self::HISTORY_DEFAULT ),
		'audit_retention_days'   => array( self::AUDIT_OPTION, self::AUDIT_DEFAULT ),
	);

	public static function history_days(): int {
		return self::days( 'history_retention_days' );
	}

	public static function audit_days(): int {
		return self::days( 'audit_retention_days' );
	}

	/**
	 * The saved number of days, or the default when none (or an invalid one) is saved.
	 */
	private static function days( string $field ): int {
		list( $option, $default ) = self::FIELDS[ $field ];
		$saved                    = get_option( $option, $default );
		return null === self::validate( $saved ) ? (int) $saved : $default;
	}

	/**
	 * @return array{history_retention_days:int,audit_retention_days:int}
	 */
	public static function describe(): array {
		return array(
			'history_retention_days' => self::history_days(),
			'audit_retention_days'   => self::audit_days(),
		);
	}

	/**
	 * Why a value is not a valid number of days, or null when it is.
	 *
	 * @param mixed $value
	 */
	public static function validate( $value ): ?string {
		$whole = is_int( $value ) || ( is_string( $value ) && 1 === preg_match( '/^\d+$/', trim( $value ) ) );
		if ( ! $whole || (int) $value < self::MIN_DAYS || (int) $value > self::MAX_DAYS ) {
			return sprintf(
				/* translators: 1: smallest number of days, 2: largest number of days */
				__( 'Enter a whole number of days from %1$d to %2$d.', 'cart-sessions-for-cocart' ),
				self::MIN_DAYS,
				self::MAX_DAYS
			);
		}
		return null;
	}

	/**
	 * Saves the fields $input names (history_retention_days, audit_retention_days); absent fields keep their value.
	 * Everything is checked before anything is written.
	 *
	 * @param array<string,mixed> $input
	 * @return true|WP_Error 400 rest_invalid_param with data.params = field => message.
	 */
	public static function save( array $input ) {
		$errors = self::check( $input );
		if ( array() !== $errors ) {
			return self::invalid( $errors );
		}
		foreach ( self::FIELDS as $field => list( $option ) ) {
			if ( array_key_exists( $field, $input ) ) {
				update_option( $option, (int) $input[ $field ], false );
			}
		}
		return true;
	}

	/**
	 * The 400 for invalid fields, shaped like every other settings error.
	 *
	 * @param array<string,string> $errors field => message
	 */
	public static function invalid( array $errors ): WP_Error {
		return new WP_Error(
			'rest_invalid_param',
			sprintf(
				/* translators: %s: list of field names */
				__( 'Invalid parameter(s): %s', 'cart-sessions-for-cocart' ),
				implode( ', ', array_keys( $errors ) )
			),
			array(
				'status' => 400,
				'params' => $errors,
			)
		);
	}

	/**
	 * field => message for each invalid field of $input.
	 *
	 * @param array<string,mixed> $input
	 * @return array<string,string>
	 */
	public static function check( array $input ): array {
		$errors = array();
		foreach ( array_keys( self::FIELDS ) as $field ) {
			if ( array_key_exists( $field, $input ) ) {
				$error = self::validate( $input[ $field ] );
				if ( null !== $error ) {
					$errors[ $field ] = $error;
				}
			}
		}
		return $errors;
	}
}
