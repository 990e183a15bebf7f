<?php
/**
 * Calls the store over HTTP, under WordPress's outbound rules. One call goes through wp_safe_remote_request();
 * several go through curl_multi (CurlMulti), which first does what WP_Http::request() does before it opens a
 * socket, in its order: the http_request_args filter, pre_http_request, the URL check (wp_http_validate_url()),
 * WP_HTTP_BLOCK_EXTERNAL / WP_ACCESSIBLE_HOSTS; then the WP_PROXY_* proxy, https_ssl_verify and http_api_curl on
 * each handle, and http_api_debug and http_response on each answer. Both ways share the request arguments
 * (outbound_args(): no redirects followed, our user agent), the credentials (credentials()), the store's port
 * (allow_store_port()) and the link-local refusal (link_local()).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

use CartSessions\Credentials\Settings;
use CartSessions\Credentials\Validator;
use WP_Error;

final class HttpTransport implements Transport {

	/** Seconds to open a connection, at most (never more than the call's timeout). */
	public const CONNECT_TIMEOUT = 5;

	/** @var Settings */
	private $settings;

	public function __construct( Settings $settings ) {
		$this->settings = $settings;
	}

	public function needs_key(): bool {
		return true;
	}

	public function send( Call $call ): Answer {
		list( $headers, $url ) = self::credentials( $call );
		$connect               = min( self::CONNECT_TIMEOUT, $call->timeout );
		$curl                  = static function ( $handle ) use ( $connect ): void {
			if ( function_exists( 'curl_setopt' ) && ( is_resource( $handle ) || $handle instanceof \CurlHandle ) ) {
				// phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt
				curl_setopt( $handle, CURLOPT_CONNECTTIMEOUT_MS, $connect * 1000 );
			}
		};
		$started = microtime( true );
		$raw     = $this->link_local( $url );
		if ( null === $raw ) {
			// WordPress checks the URL (with the store's port allowed) and WP_HTTP_BLOCK_EXTERNAL itself.
			add_filter( 'http_allowed_safe_ports', array( $this, 'allow_store_port' ), 10, 3 );
			add_action( 'http_api_curl', $curl );
			try {
				$raw = wp_safe_remote_request( $url, self::outbound_args( $call->method, $headers, $call->timeout ) );
			} finally {
				remove_filter( 'http_allowed_safe_ports', array( $this, 'allow_store_port' ), 10 );
				remove_action( 'http_api_curl', $curl );
			}
		}
		return self::answer( $raw, (int) round( ( microtime( true ) - $started ) * 1000 ) );
	}

	public function send_many( array $calls, int $concurrency, ?float $deadline ): array {
		$batch = array();
		$sent  = array(); // id => [args, full URL] of each call WordPress's rules let through.
		$early = array(); // id => what a filter answered, or why it was refused, before any socket.
		foreach ( $calls as $id => $call ) {
			list( $headers, $url ) = self::credentials( $call );
			// phpcs:disable WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's hooks.
			$args = self::outbound_args( $call->method, $headers, $call->timeout );
			$args = apply_filters( 'http_request_args', $args, $url );
			$pre  = apply_filters( 'pre_http_request', false, $args, $url );
			if ( false !== $pre ) {
				$early[ $id ] = $pre;
				continue;
			}
			$refused = $this->refusal( $url );
			if ( null !== $refused ) {
				do_action( 'http_api_debug', $refused, 'response', 'WpOrg\\Requests\\Requests', $args, $url );
				$early[ $id ] = $refused;
				continue;
			}
			$ca           = (string) ( $args['sslcertificates'] ?? ABSPATH . WPINC . '/certificates/ca-bundle.crt' );
			$verify       = apply_filters( 'https_ssl_verify', empty( $args['sslverify'] ) ? false : $ca, $url );
			$timeout      = (int) ceil( (float) $args['timeout'] );
			$sent[ $id ]  = array( $args, $url );
			$batch[ $id ] = array(
				'url'     => $url,
				'headers' => (array) $args['headers'],
				'type'    => (string) $args['method'],
				'data'    => array(),
				'args'    => $args,
				'options' => array(
					'timeout'         => $timeout,
					'connect_timeout' => min( self::CONNECT_TIMEOUT, $timeout ),
					'useragent'       => (string) $args['user-agent'],
					'verify'          => $verify ? $verify : false,
					'verifyname'      => (bool) $verify,
					'proxy'           => self::proxy_for( $url ),
				),
			);
		}
		mbstring_binary_safe_encoding();
		$responses = array() === $batch ? array() : CurlMulti::transfer( $batch, max( 1, $concurrency ), $deadline );
		reset_mbstring_encoding();

		$out = array();
		foreach ( array_keys( $calls ) as $id ) {
			if ( isset( $early[ $id ] ) ) {
				$out[ $id ] = self::answer( $early[ $id ], 0 );
				continue;
			}
			if ( ! isset( $responses[ $id ] ) && null !== $deadline && microtime( true ) >= $deadline ) {
				continue; // Not started: the deadline came first.
			}
			list( $args, $url )  = $sent[ $id ];
			list( $answer, $ms ) = $responses[ $id ] ?? array( null, 0 );
			if ( $answer instanceof \WpOrg\Requests\Response ) {
				$wrapped              = new \WP_HTTP_Requests_Response( $answer );
				$raw                  = $wrapped->to_array();
				$raw['http_response'] = $wrapped;
			} else {
				$why = $answer instanceof \Exception
					? $answer->getMessage()
					: __( 'No response.', 'cart-sessions-for-cocart' );
				$raw = new WP_Error( 'http_request_failed', $why );
			}
			do_action( 'http_api_debug', $raw, 'response', 'WpOrg\\Requests\\Requests', $args, $url );
			if ( ! is_wp_error( $raw ) ) {
				$raw = apply_filters( 'http_response', $raw, $args, $url );
			}
			// phpcs:enable WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound
			$out[ $id ] = self::answer( $raw, $ms );
		}
		return $out;
	}

	/**
	 * What WordPress's HTTP API returned (or a pre_http_request filter answered), as an Answer.
	 *
	 * @param mixed $raw An HTTP response array, a WP_Error, or whatever a filter returned.
	 */
	private static function answer( $raw, int $ms ): Answer {
		if ( ! is_array( $raw ) ) {
			$failure = is_wp_error( $raw )
				? $raw
				: new WP_Error( 'http_request_failed', __( 'No response.', 'cart-sessions-for-cocart' ) );
			return Answer::failed( $failure, $ms );
		}
		$headers = wp_remote_retrieve_headers( $raw );
		$flat    = array();
		if ( is_object( $headers ) && method_exists( $headers, 'getAll' ) ) {
			$headers = $headers->getAll();
		}
		foreach ( is_array( $headers ) ? $headers : array() as $name => $value ) {
			$flat[ (string) $name ] = is_array( $value ) ? (string) end( $value ) : (string) $value;
		}
		$status = (int) wp_remote_retrieve_response_code( $raw );
		return Answer::received( $status, $flat, (string) wp_remote_retrieve_body( $raw ), $ms );
	}

	/**
	 * The headers and full URL of a call, with its pair and way of authenticating.
	 *
	 * @return array{0:array<string,string>,1:string}
	 */
	private static function credentials( Call $call ): array {
		$headers = array( 'Accept' => 'application/json' );
		$send    = $call->query;
		$key     = $call->pair['consumer_key'];
		$secret  = $call->pair['consumer_secret'];
		if ( 'basic' === $call->auth ) {
			// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
			$headers['Authorization'] = 'Basic ' . base64_encode( $key . ':' . $secret );
		} elseif ( 'query' === $call->auth ) {
			$send['consumer_key']    = $key;
			$send['consumer_secret'] = $secret;
		} elseif ( 'none' !== $call->auth ) {
			$send = OAuth::sign( $call->method, $call->url, $call->query, $key, $secret );
		}
		return array( $headers, $call->url . ( $send ? '?' . OAuth::build_query( $send ) : '' ) );
	}

	/**
	 * The arguments of every request to the store, one or many: credentials never follow a redirect, the URL is
	 * checked as WordPress checks unsafe URLs, and the user agent names the plugin and this site.
	 *
	 * @param array<string,string> $headers
	 * @return array<string,mixed>
	 */
	private static function outbound_args( string $method, array $headers, int $timeout ): array {
		$version = defined( 'CART_SESSIONS_VERSION' ) ? CART_SESSIONS_VERSION : '0';
		return array(
			'method'             => $method,
			'headers'            => $headers,
			'timeout'            => $timeout,
			'redirection'        => 0,
			'reject_unsafe_urls' => true,
			'sslverify'          => true,
			'sslcertificates'    => ABSPATH . WPINC . '/certificates/ca-bundle.crt',
			'user-agent'         => 'CartSessionsForCoCart/' . $version . '; ' . home_url( '/' ),
		);
	}

	/**
	 * Why the parallel path must not send this request, as WP_Http::request() would refuse it: an unsafe URL
	 * (wp_http_validate_url(), with the store's own port allowed), a link-local address, or a site that blocks
	 * outbound requests (WP_HTTP_BLOCK_EXTERNAL without the host in WP_ACCESSIBLE_HOSTS). Null: send it.
	 */
	private function refusal( string $url ): ?WP_Error {
		$refused = $this->link_local( $url );
		if ( null !== $refused ) {
			return $refused;
		}
		add_filter( 'http_allowed_safe_ports', array( $this, 'allow_store_port' ), 10, 3 );
		$valid = wp_http_validate_url( $url );
		remove_filter( 'http_allowed_safe_ports', array( $this, 'allow_store_port' ), 10 );
		// WordPress's own words for these refusals, as WP_Http::request() gives them.
		if ( ! $valid ) {
			$text = __( 'A valid URL was not provided.' ); // phpcs:ignore WordPress.WP.I18n -- core's words.
			return new WP_Error( 'http_request_failed', $text );
		}
		if ( ( new \WP_Http() )->block_request( $url ) ) {
			$text = __( 'User has blocked requests through HTTP.' ); // phpcs:ignore WordPress.WP.I18n -- core's words.
			return new WP_Error( 'http_request_not_executed', $text );
		}
		return null;
	}

	/**
	 * Link-local addresses (169.254.0.0/16, where cloud metadata services answer, and fe80::/10), which
	 * wp_http_validate_url() lets through: refused unless the http_request_host_is_external filter allows the
	 * host, as WordPress does for private networks.
	 */
	private function link_local( string $url ): ?WP_Error {
		$host = strtolower( trim( (string) wp_parse_url( $url, PHP_URL_HOST ), '[].' ) );
		if ( '' === $host ) {
			return null;
		}
		$ip = filter_var( $host, FILTER_VALIDATE_IP ) ? $host : gethostbyname( $host );
		$v4 = filter_var( $ip, FILTER_VALIDATE_IP, FILTER_FLAG_IPV4 ) && 0 === strpos( $ip, '169.254.' );
		$v6 = filter_var( $ip, FILTER_VALIDATE_IP, FILTER_FLAG_IPV6 ) && 1 === preg_match( '/^fe[89ab]/', $ip );
		// phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's filter.
		if ( ( $v4 || $v6 ) && ! apply_filters( 'http_request_host_is_external', false, $host, $url ) ) {
			$text = __( 'A valid URL was not provided.' ); // phpcs:ignore WordPress.WP.I18n -- core's words.
			return new WP_Error( 'http_request_failed', $text );
		}
		return null;
	}

	/**
	 * WordPress's proxy (WP_PROXY_HOST, WP_PROXY_PORT, WP_PROXY_USERNAME/PASSWORD, WP_PROXY_BYPASS_HOSTS) for this
	 * URL, as its own transports use it; null when none applies.
	 *
	 * @return array{host:string,port:int,auth:string}|null
	 */
	private static function proxy_for( string $url ): ?array {
		$proxy = new \WP_HTTP_Proxy();
		if ( ! $proxy->is_enabled() || ! $proxy->send_through_proxy( $url ) ) {
			return null;
		}
		return array(
			'host' => (string) $proxy->host(),
			'port' => (int) $proxy->port(),
			'auth' => $proxy->use_authentication() ? (string) $proxy->authentication() : '',
		);
	}

	/**
	 * http_allowed_safe_ports: WordPress allows only 80, 443 and 8080; the saved store's own port is allowed for
	 * the store's origin (scheme, host and port) alone — not for any other host, nor any other port of it.
	 *
	 * @param int[]  $ports
	 * @param string $host
	 * @param string $url
	 * @return int[]
	 */
	public function allow_store_port( $ports, $host = '', $url = '' ): array {
		$ports     = (array) $ports;
		$url       = (string) $url;
		$port      = (int) wp_parse_url( $url, PHP_URL_PORT );
		$the_store = Validator::origin( $url ) === $this->settings->store_origin();
		if ( $port > 0 && $the_store && ( ! self::on_this_host( $url ) || self::local_store_allowed( $url ) ) ) {
			$ports[] = $port;
		}
		return array_values( array_unique( $ports ) );
	}

	/**
	 * Whether a URL is on this site's own host but not this site's own origin: another service on this server.
	 * WordPress skips its private-address check for its own host and allows only its own port there, so the
	 * store's port is added on this host only when deliberately allowed (local_store_allowed()).
	 */
	private static function on_this_host( string $url ): bool {
		$home = (string) wp_parse_url( home_url(), PHP_URL_HOST );
		return strtolower( $home ) === strtolower( (string) wp_parse_url( $url, PHP_URL_HOST ) )
			&& Validator::origin( $url ) !== Validator::origin( home_url() );
	}

	/**
	 * A store on this server at another port than this site (a TLS front, a second WordPress for testing): off
	 * unless the CART_SESSIONS_ALLOW_LOCAL_STORE constant is true or the cart_sessions_allow_local_store filter
	 * says so. Off, a store URL cannot point the plugin at another service on this server (a database, a cache).
	 */
	private static function local_store_allowed( string $url ): bool {
		$name     = 'CART_SESSIONS_ALLOW_LOCAL_STORE';
		$constant = defined( $name ) && true === constant( $name );
		/**
		 * Filters whether the plugin may call a store on this server's own host at another port than this site.
		 *
		 * @param bool   $allowed Default: the CART_SESSIONS_ALLOW_LOCAL_STORE constant (false when undefined).
		 * @param string $url     The request's URL.
		 */
		return (bool) apply_filters( 'cart_sessions_allow_local_store', $constant, $url );
	}
}
